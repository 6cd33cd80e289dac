import { PinFailedError } from '@composite-ipfs/interface'
import { claimRequest } from './owners/claim-request.ts'
import { judgePin } from './pin-verdict.ts'
import { PinRecovery } from './pin-recovery.ts'
import { pollPin } from './pin-wait.ts'
import { resolveCid } from './resolve.ts'
import type { ClusterContext } from './context.ts'
import type { ClaimRequest, ClaimSession } from './owners/claim-keeper.ts'
import type { ClusterPin, GlobalPinInfo } from './rest-types.ts'
import type { PinAddEvent, PinAddOptions } from '@composite-ipfs/interface'

/**
 * pin/add: this node's claim on the undercluster pin of every path (kept beside the claims of
 * other composite nodes on a shared undercluster), then a wait until the undercluster really
 * pinned (Kubo's meaning), yielding `{"Progress":n}` meanwhile when asked, then `{"Pins":[...]}`.
 * Concurrent pin/adds of one CID share the claim and wait for the same pin; a pin/add whose
 * caller gives up before the pin is done withdraws the claim it added.
 */
export async function * pinAdd (ctx: ClusterContext, paths: string[], options: PinAddOptions = {}): AsyncGenerator<PinAddEvent, void, undefined> {
  const direct = options.recursive === false
  const claims: Array<{ cid: string, session: ClaimSession, request: ClaimRequest, pinned: boolean }> = []
  const releases: Array<() => void> = []
  try {
    for (const path of paths) {
      const cid = await resolveCid(ctx, path, options)
      const trail = ctx.loop?.trail(`pin ${cid}`, options)
      if (trail !== undefined) releases.push(await ctx.loop!.enterPin(cid, trail, options.signal))
      const request = await claimRequest(ctx, cid, { direct, name: options.name, trail, signal: options.signal })
      claims.push({ cid, request, session: await ctx.claims.begin(cid, request, options.signal), pinned: false })
    }
    let progress = 0
    for (const claim of claims) {
      const resubmit = async (): Promise<unknown> => await ctx.claims.claim(claim.cid, claim.request, options.signal)
      for await (const _ of waitPinned(ctx, claim.session.pin, options.signal, resubmit)) {
        if (options.progress === true) yield { Progress: ++progress }
      }
      claim.pinned = true
    }
  } finally {
    for (const claim of claims) claim.session.end(claim.pinned)
    for (const release of releases) release()
  }
  yield { Pins: claims.map(c => c.cid) }
}

/**
 * Claims `cid` for this node and waits until it is pinned (add's extra roots, block/put and
 * dag/put with `pin=true`): the same claim and wait as pin/add, without a progress channel.
 */
export async function claimAndWait (ctx: ClusterContext, cid: string, request: ClaimRequest, signal?: AbortSignal): Promise<void> {
  const session = await ctx.claims.begin(cid, request, signal)
  let pinned = false
  try {
    const resubmit = async (): Promise<unknown> => await ctx.claims.claim(cid, request, signal)
    for await (const _ of waitPinned(ctx, session.pin, signal, resubmit)) { /* no progress line here */ }
    pinned = true
  } finally {
    session.end(pinned)
  }
}

/** Polls in a row where no peer tracks the pin before it is submitted again */
const UNTRACKED_POLLS = 3

/**
 * Waits until `pin` is pinned by the connector's policy; yields progress ticks. When no
 * reachable peer tracks the pin for a few polls (the peer that committed it died before its
 * CRDT delta spread, then the poll failed over), the pin is submitted again with `resubmit`.
 * Every status answer also shows whether this node's claim is still on the pin: a claim a
 * concurrent writer dropped is written again at once.
 */
export async function * waitPinned (ctx: ClusterContext, pin: ClusterPin, signal?: AbortSignal, resubmit?: () => Promise<unknown>): AsyncGenerator<void, void, undefined> {
  if (ctx.wait.policy === 'accepted') return
  let untracked = 0
  const recovery = new PinRecovery(ctx, pin.cid)
  const check = async (inner: AbortSignal): Promise<ReturnType<typeof judgePin>> => {
    // a cycle found while this pin waits (the peer check runs in the background) ends the wait
    await ctx.loop?.refuseInception('pin/add')
    const info = await ctx.pinStatus(pin.cid, inner)
    if (info?.metadata != null) ctx.claims.verify(pin.cid, info.metadata)
    const everywhere = pin.replication_factor_min === -1 || (pin.allocations ?? []).length === 0
    const dead = everywhere ? await ctx.deadPeers(inner) : undefined
    untracked = isUntracked(info) ? untracked + 1 : 0
    if (resubmit !== undefined && untracked >= UNTRACKED_POLLS) {
      untracked = 0
      await resubmit()
    }
    return await recovery.heal(judgePin(pin, info ?? { cid: pin.cid }, ctx.wait.policy, dead), inner)
  }
  const outcome = yield * pollPin(check, ctx.wait, signal)
  if (outcome.state === 'pinned') return
  const peers = outcome.verdict?.peers.join('; ') ?? ''
  const counts = outcome.verdict === undefined ? '' : ` (${outcome.verdict.pinned}/${outcome.verdict.needed} peers pinned)`
  const reason = outcome.state === 'failed' ? 'failed' : `not done after ${ctx.wait.timeout} ms`
  const last = outcome.state === 'timeout' && outcome.error instanceof Error ? `; last error: ${outcome.error.message}` : ''
  const failure = new PinFailedError(`undercluster ${ctx.label}: pin ${pin.cid} ${reason}${counts}${peers === '' ? '' : `: ${peers}`}${last}`)
  // after the first byte, ipfs-cluster's IPFS connector can show nothing but `unexpected EOF`: the reasons are here
  ctx.logger?.warn({ cid: pin.cid, undercluster: ctx.label, state: outcome.state, peers: outcome.verdict?.peers ?? [] }, failure.message)
  throw failure
}

/** No reachable peer has the pin in its state: every status is `unpinned`, or the peer is unreachable */
function isUntracked (info: GlobalPinInfo | undefined): boolean {
  const statuses = Object.values(info?.peer_map ?? {}).map(s => s.status)
  return statuses.every(s => s === 'unpinned' || s === 'cluster_error') && statuses.includes('unpinned')
}
