import { afterEach, describe, expect, it } from 'vitest'
import { rpcClient } from '../../src/index.ts'
import { readRequest, sendJson, startServer } from '../fixtures/http-server.ts'
import type { RpcClient } from '../../src/index.ts'
import type { TestServer } from '../fixtures/http-server.ts'

let upstream: TestServer
let clients: RpcClient[] = []
afterEach(async () => {
  await Promise.all(clients.map(async c => c.close()))
  clients = []
  await upstream?.close()
})

async function echo (): Promise<TestServer> {
  upstream = await startServer(async (req, res) => { await readRequest(req); sendJson(res, 200, {}) })
  return upstream
}

describe('outbound headers', () => {
  it('injects the endpoint authorization, replacing the caller one', async () => {
    const s = await echo()
    const c = rpcClient({ endpoints: [{ url: s.url, authorization: 'Bearer kubo-secret' }] })
    clients.push(c)
    await c.kuboJson('id', { headers: { Authorization: 'Bearer caller-token' } })
    expect(s.requests[0]?.headers.authorization).toBe('Bearer kubo-secret')
  })

  it('sends userinfo of the URL as Basic authorization', async () => {
    const s = await echo()
    const c = rpcClient({ endpoints: [s.url.replace('http://', 'http://user:pa%3Ass@')] })
    clients.push(c)
    await c.kuboJson('id')
    expect(s.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('user:pa:ss').toString('base64')}`)
  })

  it('never forwards the caller Authorization when the endpoint has none', async () => {
    const s = await echo()
    const c = rpcClient({ endpoints: [s.url] })
    clients.push(c)
    await c.kuboJson('id', { headers: { authorization: 'Basic Y2FsbGVy' } })
    expect(s.requests[0]?.headers.authorization).toBeUndefined()
  })

  it('strips Origin, Referer, User-Agent, cookies and hop-by-hop headers; keeps content headers', async () => {
    const s = await echo()
    const c = rpcClient({ endpoints: [s.url] })
    clients.push(c)
    await c.request({
      path: '/api/v0/add',
      body: 'x',
      headers: {
        Origin: 'https://evil.example', Referer: 'https://evil.example/page', 'User-Agent': 'Mozilla/5.0',
        Cookie: 'a=b', 'content-type': 'multipart/form-data; boundary=q', 'x-custom': 'kept'
      }
    }).then(async r => { for await (const _ of r.body); })
    const h = s.requests[0]?.headers ?? {}
    expect([h.origin, h.referer, h['user-agent'], h.cookie]).toEqual([undefined, undefined, undefined, undefined])
    expect(h['content-type']).toBe('multipart/form-data; boundary=q')
    expect(h['x-custom']).toBe('kept')
  })

  it('sends our own User-Agent, unless it looks like a Kubo agent (api version mismatch)', async () => {
    const s = await echo()
    const ours = rpcClient({ endpoints: [s.url], userAgent: 'composite-ipfs/0.1.0' })
    const kuboLike = rpcClient({ endpoints: [s.url], userAgent: 'go-ipfs-cmds/http /kubo/0.41.0/' })
    clients.push(ours, kuboLike)
    await ours.kuboJson('id', { headers: { 'user-agent': '/go-ipfs/0.4.0/' } })
    await kuboLike.kuboJson('id')
    expect(s.requests.map(r => r.headers['user-agent'])).toEqual(['composite-ipfs/0.1.0', undefined])
  })
})

describe('unix socket endpoints', () => {
  it('reach a server on a /unix/ multiaddr', async () => {
    const { createServer } = await import('node:http')
    const { mkdtempSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = mkdtempSync(join(tmpdir(), 'rpc-sock-'))
    const path = join(dir, 'api.sock')
    const server = createServer((req, res) => { req.resume(); req.on('end', () => { sendJson(res, 200, { url: req.url }) }) })
    await new Promise<void>(resolve => server.listen(path, resolve))
    const c = rpcClient({ endpoints: [`/unix${path}`] })
    try {
      expect(await c.kuboJson('id', { args: ['x'] })).toEqual({ url: '/api/v0/id?arg=x' })
      expect(c.endpoints).toEqual([`/unix${path}`])
    } finally {
      await c.close()
      await new Promise(resolve => server.close(resolve))
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
