import { AbortedError, DeadlineExceededError, UpstreamError, UpstreamUnavailableError } from '@composite-ipfs/interface'
import { afterEach, describe, expect, it } from 'vitest'
import { caught } from '../fixtures/caught.ts'
import { ClientClosedError, rpcClient } from '../../src/index.ts'
import { readRequest, sendJson, startServer, startSilentServer } from '../fixtures/http-server.ts'
import type { RpcClient } from '../../src/index.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => { await Promise.all(cleanups.splice(0).map(async f => f())) })
function track<T extends { close: () => Promise<void> }> (x: T): T { cleanups.push(async () => x.close()); return x }

const stall = async (): Promise<{ url: string, requests: unknown[] }> =>
  track(await startServer(async (req) => { await readRequest(req) /* never answers */ }))
const good = async (): Promise<{ url: string, requests: unknown[] }> =>
  track(await startServer(async (req, res) => { await readRequest(req); sendJson(res, 200, { ok: true }) }))

describe('timeouts', () => {
  it('connect timeout: a TLS endpoint that never completes its handshake is skipped, even for a write', async () => {
    const silent = track(await startSilentServer())
    const ok = await good()
    const c: RpcClient = track(rpcClient({ endpoints: [`https://127.0.0.1:${silent.port}`, ok.url], timeouts: { connect: 200 } }))
    expect(await c.kuboJson('pin/add', { args: ['x'] })).toEqual({ ok: true })
    expect(silent.connections()).toBe(1)
  })

  it('headers timeout: a read moves on, a write does not', async () => {
    const slow = await stall()
    const ok = await good()
    const c = track(rpcClient({ endpoints: [slow.url, ok.url], timeouts: { headers: 200 } }))
    expect(await c.kuboJson('id')).toEqual({ ok: true })
    const w = track(rpcClient({ endpoints: [slow.url, ok.url], timeouts: { headers: 200 } }))
    const err = await caught(w.kuboJson('pin/add', { args: ['x'] }))
    expect(err).toBeInstanceOf(UpstreamUnavailableError)
    expect(err.errors[0].cause.code).toBe('UND_ERR_HEADERS_TIMEOUT')
    expect(ok.requests).toHaveLength(1)
  })

  it('body timeout: a stalled body fails the stream with an error that aborts ours', async () => {
    const s = track(await startServer(async (req, res) => {
      await readRequest(req)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"Ref":"a","Err":""}\n')
    }))
    const c = track(rpcClient({ endpoints: [s.url], timeouts: { body: 200 } }))
    const seen: unknown[] = []
    const err = await caught((async () => { for await (const v of c.kuboNdjson('refs/local')) seen.push(v) })())
    expect(seen).toEqual([{ Ref: 'a', Err: '' }])
    expect(err).toBeInstanceOf(UpstreamError)
    expect(err.abortStream).toBe(true)
    expect(err.message).toMatch(/stalled mid-response/)
  })

  it('the timeout option is a deadline for the whole call: context deadline exceeded', async () => {
    const slow = await stall()
    const c = track(rpcClient({ endpoints: [slow.url] }))
    const err = await caught(c.kuboJson('id', { timeout: 150 }))
    expect(err).toBeInstanceOf(DeadlineExceededError)
    expect(err.message).toBe('context deadline exceeded')
  })
})

describe('abort', () => {
  it('aborting before headers ends the call with context canceled and no further attempts', async () => {
    const slow = await stall()
    const ok = await good()
    const c = track(rpcClient({ endpoints: [slow.url, ok.url] }))
    const controller = new AbortController()
    setTimeout(() => { controller.abort() }, 100)
    const err = await caught(c.kuboJson('id', { signal: controller.signal }))
    expect(err).toBeInstanceOf(AbortedError)
    expect(err.message).toBe('context canceled')
    expect(ok.requests).toHaveLength(0)
  })

  it('aborting mid-body ends the stream', async () => {
    const s = track(await startServer(async (req, res) => {
      await readRequest(req)
      res.writeHead(200)
      res.write('{"n":1}\n')
    }))
    const c = track(rpcClient({ endpoints: [s.url] }))
    const controller = new AbortController()
    const err = await caught((async () => {
      for await (const _ of c.kuboNdjson('refs/local', { signal: controller.signal })) controller.abort()
    })())
    expect(err).toBeInstanceOf(AbortedError)
  })

  it('an already aborted signal stops before any request', async () => {
    const ok = await good()
    const c = track(rpcClient({ endpoints: [ok.url] }))
    await expect(c.kuboJson('id', { signal: AbortSignal.abort() })).rejects.toThrow(AbortedError)
    expect(ok.requests).toHaveLength(0)
  })

  it('aborting during the wait between rounds stops the retries', async () => {
    const busy = track(await startServer((_, res) => { res.writeHead(503); res.end() }))
    const c = track(rpcClient({ endpoints: [busy.url], retries: 5, retryDelay: 10_000 }))
    const started = Date.now()
    const err = await caught(c.kuboJson('id', { signal: AbortSignal.timeout(200) }))
    expect(err).toBeInstanceOf(AbortedError)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(busy.requests).toHaveLength(1)
  })
})

describe('close', () => {
  it('fails later calls cleanly; closing twice is fine', async () => {
    const ok = await good()
    const c = rpcClient({ endpoints: [ok.url] })
    await c.kuboJson('id')
    await c.close()
    await c.close()
    await expect(c.kuboJson('id')).rejects.toThrow(ClientClosedError)
  })
})
