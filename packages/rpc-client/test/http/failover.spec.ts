import { UpstreamError, UpstreamUnavailableError } from '@composite-ipfs/interface'
import { afterEach, describe, expect, it } from 'vitest'
import { caught } from '../fixtures/caught.ts'
import { rpcClient } from '../../src/index.ts'
import { readRequest, refusedUrl, sendJson, startServer } from '../fixtures/http-server.ts'
import type { RpcClient } from '../../src/index.ts'
import type { TestServer } from '../fixtures/http-server.ts'

const servers: TestServer[] = []
const clients: RpcClient[] = []
afterEach(async () => {
  await Promise.all(clients.splice(0).map(async c => c.close()))
  await Promise.all(servers.splice(0).map(async s => s.close()))
})

async function server (handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler)
  servers.push(s)
  return s
}
function client (...args: Parameters<typeof rpcClient>): RpcClient {
  const c = rpcClient(...args)
  clients.push(c)
  return c
}

const unavailable = async (): Promise<TestServer> => server((_, res) => { res.writeHead(503); res.end('busy\n') })
const kubo = async (): Promise<TestServer> => server(async (req, res) => {
  await readRequest(req)
  sendJson(res, 200, { ID: '12D3KooWtest', path: req.url })
})

describe('failover', () => {
  it('a read moves past a refusing endpoint and a 503 to the one that answers, then sticks to it', async () => {
    const [dead, busy, good] = [await refusedUrl(), await unavailable(), await kubo()]
    const c = client({ endpoints: [dead, busy.url, good.url] })
    expect(await c.kuboJson('id')).toMatchObject({ ID: '12D3KooWtest' })
    expect([busy.requests.length, good.requests.length]).toEqual([1, 1])
    await c.kuboJson('id')
    expect([busy.requests.length, good.requests.length]).toEqual([1, 2])
  })

  it('a read answered 500 with a Kubo error body is the answer, not a failover', async () => {
    const failing = await server((_, res) => { sendJson(res, 500, { Message: 'path \'x\' is not pinned', Code: 0, Type: 'error' }) })
    const other = await kubo()
    const c = client({ endpoints: [failing.url, other.url] })
    const err = await caught(c.kuboJson('pin/ls', { args: ['x'] }))
    expect(err).toBeInstanceOf(UpstreamError)
    expect(err.message).toBe('path \'x\' is not pinned')
    expect(other.requests).toHaveLength(0)
  })

  it('a read answered 500 with an ipfs-cluster REST error body is the answer, not a failover', async () => {
    const failing = await server((_, res) => { sendJson(res, 500, { code: 500, message: 'cannot repin a CID which is already pinned in recursive mode' }) })
    const other = await kubo()
    const c = client({ endpoints: [failing.url, other.url] })
    const res = await c.request({ method: 'GET', path: '/allocations/x', idempotent: true })
    expect(res.status).toBe(500)
    expect(other.requests).toHaveLength(0)
  })

  it('a read answered 500 with a non-Kubo body moves on', async () => {
    const proxy = await server((_, res) => { res.writeHead(500, { 'content-type': 'text/html' }); res.end('<html>oops</html>') })
    const other = await kubo()
    const c = client({ endpoints: [proxy.url, other.url] })
    expect(await c.kuboJson('version')).toMatchObject({ ID: '12D3KooWtest' })
  })

  it('a write moves on when the connection was refused (nothing sent)', async () => {
    const good = await kubo()
    const c = client({ endpoints: [await refusedUrl(), good.url] })
    await c.kuboJson('pin/add', { args: ['bafy'] })
    expect(good.requests.map(r => r.url)).toEqual(['/api/v0/pin/add?arg=bafy'])
  })

  it('a write that was sent is never retried: not after a 503, not after a reset', async () => {
    const busy = await unavailable()
    const cut = await server((req) => { req.socket.destroy() })
    const good = await kubo()
    const err503 = await caught(client({ endpoints: [busy.url, good.url] }).kuboJson('pin/add', { args: ['x'] }))
    expect(err503).toBeInstanceOf(UpstreamError)
    expect(err503.message).toBe('busy')
    const errReset = await caught(client({ endpoints: [cut.url, good.url] }).kuboJson('pin/rm', { args: ['x'] }))
    expect(errReset).toBeInstanceOf(UpstreamUnavailableError)
    expect(errReset.message).toMatch(/after it was sent, not retried/)
    expect(good.requests).toHaveLength(0)
    // the same failure on a read moves on
    expect(await client({ endpoints: [cut.url, good.url] }).kuboJson('pin/ls')).toBeDefined()
    expect(good.requests).toHaveLength(1)
  })

  it('a streamed body that was already pulled is not replayed, even for a read', async () => {
    const cut = await server(async (req) => { await readRequest(req).catch(() => {}); req.socket.destroy() })
    const good = await kubo()
    async function * body (): AsyncGenerator<Uint8Array> { yield new TextEncoder().encode('data') }
    const err = await caught(client({ endpoints: [cut.url, good.url] })
      .request({ path: '/api/v0/cat', body: body(), idempotent: true }))
    expect(err).toBeInstanceOf(UpstreamUnavailableError)
    expect(good.requests).toHaveLength(0)
  })

  it('a streamed body not yet pulled moves on with its write', async () => {
    const good = await server(async (req, res) => { sendJson(res, 200, { got: (await readRequest(req)).toString() }) })
    async function * body (): AsyncGenerator<Uint8Array> { yield new TextEncoder().encode('block bytes') }
    const c = client({ endpoints: [await refusedUrl(), good.url] })
    expect(await c.kuboJson('block/put', { body: body() })).toEqual({ got: 'block bytes' })
  })

  it('when every endpoint fails: UpstreamUnavailableError listing each, without credentials', async () => {
    const dead = (await refusedUrl()).replace('http://', 'http://admin:hunter2@')
    const busy = await unavailable()
    const err = await caught(client({ endpoints: [dead, busy.url], retries: 1 }).kuboJson('id'))
    expect(err).toBeInstanceOf(UpstreamUnavailableError)
    expect(err.code).toBe('ERR_UPSTREAM_UNAVAILABLE')
    expect(err.errors).toHaveLength(2)
    expect(err.errors[0].message).toMatch(/ECONNREFUSED/)
    expect(err.errors[1].message).toBe(`${busy.url}: 503: busy`)
    expect(JSON.stringify([err.message, err.errors.map((e: Error) => e.message)])).not.toMatch(/hunter2|admin/)
  })

  it('retries one endpoint with a delay between rounds', async () => {
    let n = 0
    const flaky = await server(async (req, res) => {
      await readRequest(req)
      if (n++ < 2) { res.writeHead(503); res.end(); return }
      sendJson(res, 200, { ok: true })
    })
    const started = Date.now()
    expect(await client({ endpoints: [flaky.url], retries: 2, retryDelay: 50 }).kuboJson('id')).toEqual({ ok: true })
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('returns non-200 answers as they came from request()', async () => {
    const notFound = await server((_, res) => { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('404 page not found\n') })
    const res = await client({ endpoints: [notFound.url] }).request({ path: '/api/v0/nope' })
    expect(res.status).toBe(404)
    const chunks: Uint8Array[] = []
    for await (const c of res.body) chunks.push(c)
    expect(Buffer.concat(chunks).toString()).toBe('404 page not found\n')
  })
})

describe('kuboJson body read', () => {
  it('a 200 body cut mid-way ends the call with an UpstreamError that aborts our stream, not a failover', async () => {
    const cut = await server(async (req, res) => {
      await readRequest(req)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"ID":"12D3')
      setTimeout(() => { res.socket?.destroy() }, 20)
    })
    const good = await kubo()
    const err = await caught(client({ endpoints: [cut.url, good.url], retryDelay: 0 }).kuboJson('id'))
    expect(err).toBeInstanceOf(UpstreamError)
    expect(err.message).toMatch(/failed mid-response/)
    expect(err.abortStream).toBe(true)
    expect(good.requests).toHaveLength(0)
  })
})
