import { startKubo } from '@composite-ipfs/testbed'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chainNode } from '../fixtures/chain.ts'
import type { ChainNode } from '../fixtures/chain.ts'
import type { KuboDaemon } from '@composite-ipfs/testbed'

/**
 * A plain chain A -> B -> real Kubo: the guard lets it through, each node hands on the trail
 * it extended, and Kubo's answers come back unchanged (Kubo ignores the hop headers).
 */
let kubo: KuboDaemon | undefined
let a: ChainNode
let b: ChainNode
beforeAll(async () => {
  ;[kubo, a, b] = await Promise.all([startKubo(), chainNode({ nodeId: 'node-a' }), chainNode({ nodeId: 'node-b' })])
  a.forwardTo(b.node.url)
  b.forwardTo(kubo.apiUrl)
})
afterAll(async () => {
  await Promise.all([a?.node.stop(), b?.node.stop(), kubo?.stop()])
})

async function post (path: string): Promise<{ status: number, json: any }> {
  const res = await request(`${a.node.url}${path}`, { method: 'POST' })
  return { status: res.statusCode, json: await res.body.json() }
}

describe('A -> B -> Kubo', () => {
  it('a typed command reaches Kubo and its answer comes back', async () => {
    const res = await post('/api/v0/id')
    expect(res.status).toBe(200)
    expect(res.json.ID).toBe(kubo?.peerId)
    expect(a.seen.at(-1)).toMatchObject({ status: 200, forwarded: { via: ['node-a'], hops: 1 } })
    expect(b.seen.at(-1)).toMatchObject({ status: 200, forwarded: { via: ['node-a', 'node-b'], hops: 2 } })
  })

  it('so does a passthrough command', async () => {
    const res = await post('/api/v0/files/stat?arg=/')
    expect(res.status).toBe(200)
    expect(res.json.Type).toBe('directory')
    expect(b.seen.at(-1)).toMatchObject({ status: 200, command: 'files/stat', forwarded: { via: ['node-a', 'node-b'], hops: 2 } })
  })

  it('and a Kubo error keeps its message across both hops', async () => {
    const res = await post('/api/v0/block/stat?arg=not-a-cid')
    expect(res.status).toBe(500)
    const direct = await kubo!.rpc('block/stat', { arg: 'not-a-cid' }).then(() => undefined, (err: { body: string }) => JSON.parse(err.body))
    expect(res.json).toEqual(direct)
  })
})
