import { afterEach, describe, expect, it } from 'vitest'
import { COMPOSITE_HOPS_HEADER, COMPOSITE_VIA_HEADER, rpcClient } from '../../src/index.ts'
import { readRequest, refusedUrl, sendJson, startServer } from '../fixtures/http-server.ts'
import type { RpcClient } from '../../src/index.ts'
import type { TestServer } from '../fixtures/http-server.ts'

let upstream: TestServer
let clients: RpcClient[] = []
afterEach(async () => {
  await Promise.all(clients.map(async c => c.close()))
  clients = []
  await upstream?.close()
})

async function client (endpoints?: string[]): Promise<RpcClient> {
  upstream = await startServer(async (req, res) => { await readRequest(req); sendJson(res, 200, {}) })
  const c = rpcClient({ endpoints: endpoints ?? [upstream.url], retryDelay: 0 })
  clients.push(c)
  return c
}

describe('composite hop headers (loop protection)', () => {
  it('uses the same header names as @composite-ipfs/loop-guard', () => {
    expect([COMPOSITE_VIA_HEADER, COMPOSITE_HOPS_HEADER]).toEqual(['x-composite-via', 'x-composite-hops'])
  })

  it('writes via and hops of a request', async () => {
    const c = await client()
    await c.request({ path: '/api/v0/id', via: ['gateway-eu', 'pinning-1'], hops: 2 })
    expect(upstream.requests[0]?.headers[COMPOSITE_VIA_HEADER]).toBe('gateway-eu, pinning-1')
    expect(upstream.requests[0]?.headers[COMPOSITE_HOPS_HEADER]).toBe('2')
  })

  it('passes them through kuboJson, and counts at least one hop per node in the chain', async () => {
    const c = await client()
    await c.kuboJson('id', { via: ['a', 'b', 'c'], hops: 1 })
    expect(upstream.requests[0]?.headers[COMPOSITE_HOPS_HEADER]).toBe('3')
  })

  it('sends neither header without via/hops, and never the caller own copies', async () => {
    const c = await client()
    await c.request({ path: '/api/v0/id', headers: { 'X-Composite-Via': 'spoofed', 'x-composite-hops': '0' } })
    expect(upstream.requests[0]?.headers[COMPOSITE_VIA_HEADER]).toBeUndefined()
    expect(upstream.requests[0]?.headers[COMPOSITE_HOPS_HEADER]).toBeUndefined()
    await c.request({ path: '/api/v0/id', headers: { 'X-Composite-Via': 'spoofed' }, via: ['real'] })
    expect(upstream.requests[1]?.headers[COMPOSITE_VIA_HEADER]).toBe('real')
  })

  it('keeps them on the next endpoint after a failover', async () => {
    upstream = await startServer(async (req, res) => { await readRequest(req); sendJson(res, 200, {}) })
    const c = rpcClient({ endpoints: [await refusedUrl(), upstream.url], retryDelay: 0 })
    clients.push(c)
    await c.request({ path: '/api/v0/id', via: ['a'], hops: 1 })
    expect(upstream.requests[0]?.headers[COMPOSITE_VIA_HEADER]).toBe('a')
    expect(upstream.requests[0]?.headers[COMPOSITE_HOPS_HEADER]).toBe('1')
  })
})
