import { request } from 'undici'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { chainNode } from '../fixtures/chain.ts'
import type { ChainNode } from '../fixtures/chain.ts'

/**
 * Two in-process composite nodes whose kuboConnectors point at each other (A -> B -> A), over
 * real sockets. Without loop protection each request would bounce until sockets or memory ran out.
 */
let a: ChainNode
let b: ChainNode
beforeAll(async () => {
  ;[a, b] = await Promise.all([chainNode({ nodeId: 'node-a' }), chainNode({ nodeId: 'node-b' })])
  a.forwardTo(b.node.url)
  b.forwardTo(a.node.url)
})
afterAll(async () => {
  await Promise.all([a?.node.stop(), b?.node.stop()])
})
beforeEach(() => {
  a.seen.length = 0
  b.seen.length = 0
})

async function post (url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number, body: string }> {
  const res = await request(`${url}${path}`, { method: 'POST', headers })
  return { status: res.statusCode, body: await res.body.text() }
}

const LOOP = 'composition loop detected: request already went through node-a (chain: node-a -> node-b -> node-a)'

describe('A -> B -> A', () => {
  it('a typed command is refused with 508 by A on its second visit, after three requests in all', async () => {
    const res = await post(a.node.url, '/api/v0/id')
    expect(a.seen.map(s => s.status)).toEqual([500, 508])
    expect(b.seen.map(s => s.status)).toEqual([500])
    expect(a.seen[0]?.forwarded).toEqual({ via: ['node-a'], hops: 1 })
    expect(b.seen[0]?.forwarded).toEqual({ via: ['node-a', 'node-b'], hops: 2 })
    // Kubo's rule for upstream errors: the message verbatim, status 500
    expect(res.status).toBe(500)
    expect(JSON.parse(res.body)).toEqual({ Message: LOOP, Code: 0, Type: 'error' })
  })

  it('a passthrough command brings the 508 itself back to the client', async () => {
    const res = await post(a.node.url, '/api/v0/files/ls')
    expect(res.status).toBe(508)
    expect(JSON.parse(res.body)).toEqual({ Message: LOOP, Code: 0, Type: 'error' })
    expect([a.seen.length, b.seen.length]).toEqual([2, 1])
  })

  it('a request entering at B names B as the loop', async () => {
    const res = await post(b.node.url, '/api/v0/files/ls')
    expect(JSON.parse(res.body).Message).toBe('composition loop detected: request already went through node-b (chain: node-b -> node-a -> node-b)')
  })

  it('refuses a hop count at maxDepth, and malformed hop headers, before any backend call', async () => {
    const deep = await post(a.node.url, '/api/v0/id', { 'x-composite-hops': '8' })
    expect(deep.status).toBe(508)
    expect(JSON.parse(deep.body).Message).toBe('composition loop detected: request already went through 8 composite nodes, maxDepth 8 at node-a (chain: node-a)')
    const bad = await post(a.node.url, '/api/v0/id', { 'x-composite-via': 'a b' })
    expect(bad).toEqual({ status: 400, body: 'invalid X-Composite-Via header: expected comma-separated composite node IDs\n' })
    expect(b.seen).toEqual([])
  })
})

describe('maxDepth', () => {
  let x: ChainNode
  let y: ChainNode
  let z: ChainNode
  beforeAll(async () => {
    ;[x, y, z] = await Promise.all([chainNode({ nodeId: 'x' }), chainNode({ nodeId: 'y' }), chainNode({ nodeId: 'z', maxDepth: 2 })])
    x.forwardTo(y.node.url)
    y.forwardTo(z.node.url)
    z.forwardTo(x.node.url) // never reached
  })
  afterAll(async () => { await Promise.all([x?.node.stop(), y?.node.stop(), z?.node.stop()]) })

  it('a chain without a loop is refused where it reaches a node maxDepth hops deep', async () => {
    const res = await post(x.node.url, '/api/v0/files/ls')
    expect(res.status).toBe(508)
    expect(JSON.parse(res.body).Message).toBe('composition loop detected: request already went through 2 composite nodes, maxDepth 2 at z (chain: x -> y -> z)')
    expect([x.seen.length, y.seen.length, z.seen.length]).toEqual([1, 1, 1])
  })
})
