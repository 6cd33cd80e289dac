import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { testBackend } from '../fixtures/backend.ts'
import { post } from '../fixtures/client.ts'
import type { IpfsApiServer } from '../../src/index.ts'

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

describe('close()', () => {
  let server: IpfsApiServer | undefined
  afterEach(async () => { await server?.close({ timeout: 0 }) })

  it('stops accepting, lets in-flight requests finish, then resolves', async () => {
    let entered: () => void = () => {}
    const inside = new Promise<void>((resolve) => { entered = resolve })
    server = ipfsApiServer({ backend: testBackend({ async version () { entered(); await sleep(300); return { Version: '0.42.0' } } }) })
    const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
    const port = Number(new URL(address.url).port)
    const slow = post({ host: '127.0.0.1', port, path: '/api/v0/version' })
    await inside
    const closed = server.close()
    await sleep(20)
    await expect(post({ host: '127.0.0.1', port, path: '/api/v0/id' })).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    expect((await slow).status).toBe(200)
    await closed
    server = undefined
  })

  it('aborts requests still running after the grace timeout', async () => {
    let signal: AbortSignal | undefined
    let entered: () => void = () => {}
    const inside = new Promise<void>((resolve) => { entered = resolve })
    server = ipfsApiServer({ backend: testBackend({ async repoStat (options) { signal = options?.signal; entered(); return await new Promise(() => {}) } }) })
    const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
    const stuck = post({ host: '127.0.0.1', port: Number(new URL(address.url).port), path: '/api/v0/repo/stat' }).catch((err: Error) => err)
    await inside
    const started = Date.now()
    await server.close({ timeout: 100 })
    server = undefined
    expect(Date.now() - started).toBeLessThan(2000)
    expect(signal?.aborted).toBe(true)
    expect(signal?.reason).toMatchObject({ code: 'ERR_ABORTED' })
    // the request is answered as Kubo answers a cancelled context, then its connection closes
    expect(await stuck).toMatchObject({ status: 500, body: '{"Message":"context canceled","Code":0,"Type":"error"}\n' })
  })

  it('closes idle keep-alive connections right away', async () => {
    server = ipfsApiServer({ backend: testBackend() })
    const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
    const { Agent } = await import('node:http')
    const agent = new Agent({ keepAlive: true })
    await post({ host: '127.0.0.1', port: Number(new URL(address.url).port), path: '/api/v0/id', agent })
    const started = Date.now()
    await server.close()
    server = undefined
    agent.destroy()
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
