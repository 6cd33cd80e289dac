/**
 * The ClaimKeeper's ordering under interleavings a real cluster cannot be made to produce on cue
 * (a stale write landing between two of this node's, a write failing outright). The fake is the
 * narrowest one that works: an in-memory pinset behind `json()`, with ipfs-cluster's re-pin
 * semantics (a POST replaces the whole pin). The real-daemon tests (`test/daemon/pins.spec.ts`,
 * interop's inverse multi-ring) run the same code against ipfs-cluster itself.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { ClusterApiError } from '../../src/errors.ts'
import { ClaimKeeper } from '../../src/owners/claim-keeper.ts'
import type { RestClient } from '../../src/rest-client.ts'
import type { ClusterPin } from '../../src/rest-types.ts'

const CID = 'bafkqaaa'

/** An in-memory shared pinset with ipfs-cluster v1.1.6's REST semantics for pins */
function fakeCluster (): { rest: RestClient, pins: Map<string, ClusterPin>, posts: number, failPosts: number, failStatus: number } {
  const state = { pins: new Map<string, ClusterPin>(), posts: 0, failPosts: 0, failStatus: 500, rest: undefined as unknown as RestClient }
  const notFound = (): ClusterApiError => new ClusterApiError('pin is not part of the pinset', { endpoint: 'fake', upstreamStatus: 404 })
  state.rest = {
    async json (method: string, path: string, options: { query?: Record<string, string> } = {}): Promise<unknown> {
      await sleep(1)
      const cid = path.split('/').at(-1)!
      if (method === 'GET') {
        const pin = state.pins.get(cid)
        if (pin === undefined) throw notFound()
        return structuredClone(pin)
      }
      if (method === 'DELETE') {
        if (!state.pins.delete(cid)) throw notFound()
        return { cid }
      }
      state.posts++
      if (state.failPosts > 0) {
        state.failPosts--
        throw new ClusterApiError('the peer is busy', { endpoint: 'fake', upstreamStatus: state.failStatus })
      }
      const query = options.query ?? {}
      const metadata = Object.fromEntries(Object.entries(query).filter(([key]) => key.startsWith('meta-')).map(([key, value]) => [key.slice(5), value]))
      const pin: ClusterPin = { cid, name: query.name ?? '', max_depth: query.mode === 'direct' ? 0 : -1, metadata, expire_at: query['expire-at'] ?? '0001-01-01T00:00:00Z' }
      state.pins.set(cid, pin)
      return structuredClone(pin)
    }
  } as unknown as RestClient
  return state
}

const keeperOn = (cluster: ReturnType<typeof fakeCluster>, nodeId = 'me'): ClaimKeeper =>
  new ClaimKeeper({ rest: cluster.rest, nodeId, grace: 60_000, recheckDelay: 20, showUndercluster: true })
const owners = (cluster: ReturnType<typeof fakeCluster>): string[] =>
  Object.keys(cluster.pins.get(CID)?.metadata ?? {}).filter(key => key.startsWith('composite-owner.')).sort()
/** Another node's write made from a read older than ours: only its own claim is on the pin */
const staleWrite = (cluster: ReturnType<typeof fakeCluster>): void => {
  cluster.pins.set(CID, { cid: CID, name: '', max_depth: -1, metadata: { 'composite-owner.other': JSON.stringify({ at: new Date().toISOString() }) } })
}
const request = { record: { n: 'x' } }

describe('ClaimKeeper', () => {
  it('a cancelled pin/add never withdraws a claim that an earlier pin/add of this node saw through', async () => {
    const cluster = fakeCluster()
    const keeper = keeperOn(cluster)
    const first = await keeper.begin(CID, request)
    first.end(true)
    // another node's stale write drops the claim; a second pin/add writes a new one, and is cancelled
    staleWrite(cluster)
    const second = await keeper.begin(CID, request)
    second.end(false)
    await sleep(100)
    expect(owners(cluster)).toEqual(['composite-owner.me', 'composite-owner.other'])
    keeper.stop()
  })

  it('a cancelled pin/add withdraws the claim it added, and only that', async () => {
    const cluster = fakeCluster()
    staleWrite(cluster)
    const keeper = keeperOn(cluster)
    const session = await keeper.begin(CID, request)
    expect(owners(cluster)).toEqual(['composite-owner.me', 'composite-owner.other'])
    session.end(false)
    await sleep(50)
    expect(owners(cluster)).toEqual(['composite-owner.other'])
    keeper.stop()
  })

  it('a pin/add after a pin/rm writes a claim of its own, even while an older pin/add still waits', async () => {
    const cluster = fakeCluster()
    staleWrite(cluster)
    const keeper = keeperOn(cluster)
    const waiting = await keeper.begin(CID, request)
    expect(await keeper.release(CID)).toBe(true)
    expect(owners(cluster)).toEqual(['composite-owner.other'])
    const posts = cluster.posts
    const again = await keeper.begin(CID, request)
    expect(cluster.posts).toBe(posts + 1)
    expect(owners(cluster)).toEqual(['composite-owner.me', 'composite-owner.other'])
    again.end(true)
    waiting.end(true)
    keeper.stop()
  })

  it('a write that fails does not cancel the re-check of the claim written before it', async () => {
    const cluster = fakeCluster()
    const keeper = keeperOn(cluster)
    staleWrite(cluster)
    await keeper.claim(CID, request)
    cluster.failPosts = 1
    cluster.failStatus = 400
    await expect(keeper.claim(CID, { record: { n: 'y' } })).rejects.toMatchObject({ upstreamStatus: 400 })
    // the stale write lands after ours: the first claim's re-check still restores it
    staleWrite(cluster)
    await sleep(150)
    expect(owners(cluster)).toEqual(['composite-owner.me', 'composite-owner.other'])
    keeper.stop()
  })

  it('makes a write answered 5xx again (a peer shutting down may have kept it to itself)', async () => {
    const cluster = fakeCluster()
    const keeper = keeperOn(cluster)
    cluster.failPosts = 1
    await keeper.claim(CID, request)
    expect(cluster.posts).toBe(2)
    expect(owners(cluster)).toEqual(['composite-owner.me'])
    keeper.stop()
  })

  it('releasing the last claim of a direct pin keeps it direct while it expires', async () => {
    const cluster = fakeCluster()
    const keeper = keeperOn(cluster)
    await keeper.claim(CID, { record: { d: 1 } })
    expect(cluster.pins.get(CID)?.max_depth).toBe(0)
    expect(await keeper.release(CID)).toBe(true)
    expect(cluster.pins.get(CID)).toMatchObject({ max_depth: 0, metadata: { 'composite-released': expect.any(String) } })
    expect(Date.parse(cluster.pins.get(CID)!.expire_at!)).toBeGreaterThan(Date.now())
    keeper.stop()
  })

  it('writes nothing for a caller that gave up already, and nothing at all once stopped', async () => {
    const cluster = fakeCluster()
    const keeper = keeperOn(cluster)
    await expect(keeper.begin(CID, request, AbortSignal.abort())).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    await expect(keeper.release(CID, AbortSignal.abort())).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    keeper.stop()
    await expect(keeper.claim(CID, request)).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    expect(cluster.posts).toBe(0)
    keeper.start()
    await keeper.claim(CID, request)
    expect(owners(cluster)).toEqual(['composite-owner.me'])
    keeper.stop()
  })
})
