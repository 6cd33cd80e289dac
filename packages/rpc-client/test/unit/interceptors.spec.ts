import { createServer } from 'node:http'
import { once } from 'node:events'
import { Pool } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { trackRequestStart } from '../../src/index.ts'
import type { AddressInfo } from 'node:net'
import type { Dispatcher } from 'undici'

const closers: Array<() => Promise<void>> = []
afterEach(async () => { await Promise.all(closers.splice(0).map(async (close) => { await close() })) })

async function echoPool (): Promise<Pool> {
  const server = createServer((_req, res) => { res.end('ok') })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  closers.push(async () => { await pool.close(); server.close() })
  return pool
}

describe('trackRequestStart', () => {
  it('calls its own callback and the request onRequestSent option, from one composed dispatcher', async () => {
    const pool = await echoPool()
    const seen: string[] = []
    const tracked = pool.compose(trackRequestStart(() => { seen.push('interceptor') }))
    for (const name of ['a', 'b']) {
      const res = await tracked.request({ path: '/', method: 'GET', onRequestSent: () => { seen.push(name) } } as Dispatcher.RequestOptions)
      expect(await res.body.text()).toBe('ok')
    }
    const plain = await pool.compose(trackRequestStart()).request({ path: '/', method: 'GET' })
    expect(await plain.body.text()).toBe('ok')
    expect(seen).toEqual(['interceptor', 'a', 'interceptor', 'b'])
  })
})
