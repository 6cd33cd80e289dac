import { createServer } from 'node:http'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kuboConnector } from '../../src/index.ts'
import { bytesOf, collect, entries, file } from '../fixtures/entries.ts'
import type { KuboConnector } from '../../src/index.ts'
import type { IncomingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * Loop protection: the `via`/`hops` CallOptions the server passes must reach the next node as
 * headers on every kind of call. A real Kubo cannot report the headers it received, so a plain
 * node:http upstream records them; the real chain is in test/daemon of @composite-ipfs/loop-guard.
 */
let server: Server
let backend: KuboConnector
const seen: Array<{ path: string, headers: IncomingHttpHeaders }> = []

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      seen.push({ path: new URL(req.url ?? '/', 'http://x').pathname, headers: req.headers })
      res.setHeader('content-type', 'application/json')
      res.end('{}\n')
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  backend = kuboConnector({ endpoints: [`http://127.0.0.1:${(server.address() as AddressInfo).port}`] })
})
afterAll(async () => {
  await backend?.stop()
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
})

describe('the hop chain reaches the next node on every kind of call', () => {
  it('json, lines, uploads, bytes and passthrough', async () => {
    const trail = { via: ['node-a', 'node-b'], hops: 2 }
    await backend.id(undefined, trail)
    await collect(backend.pinLs([], trail))
    await collect(backend.add(entries(file('x', 'hi')), trail))
    await bytesOf(await backend.cat(['/ipfs/x'], trail))
    await backend.passthrough({ command: 'key/list', query: '', headers: {} }, trail)
    expect(seen.map(s => s.path)).toEqual(['/api/v0/id', '/api/v0/pin/ls', '/api/v0/add', '/api/v0/cat', '/api/v0/key/list'])
    for (const { headers } of seen) {
      expect(headers['x-composite-via']).toBe('node-a, node-b')
      expect(headers['x-composite-hops']).toBe('2')
    }
  })

  it('nothing is added for a call without a trail', async () => {
    seen.length = 0
    await backend.version()
    expect(seen[0]?.headers['x-composite-via']).toBeUndefined()
    expect(seen[0]?.headers['x-composite-hops']).toBeUndefined()
  })
})
