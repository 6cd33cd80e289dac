import { CommandError, PinFailedError } from '@composite-ipfs/interface'
import { ClusterApiError } from './errors.ts'
import { pinsUrl, pinTarget } from './paths.ts'
import { judgePin } from './pin-verdict.ts'
import { pollPin } from './pin-wait.ts'
import { pinOptionsQuery } from './query.ts'
import { trailQuery } from './loop/trail.ts'
import type { ClusterContext } from './context.ts'
import type { PinTrail } from './loop/trail.ts'
import type { ClusterPin, GlobalPinInfo } from './rest-types.ts'
import type { PinAddEvent, PinAddOptions } from '@composite-ipfs/interface'

/**
 * pin/add: `POST /pins/...` for every path, then wait until the undercluster really pinned
 * (Kubo's meaning), yielding `{"Progress":n}` meanwhile when asked, then `{"Pins":[...]}`.
 *
 * Direct pins go through the path route `/pins/ipfs/<cid>?mode=direct`: the CID route
 * forces `max_depth=-1` after reading `mode` (v1.1.6 `ParseCidOrFail`), so the bottom Kubos
 * would pin recursively. The path route builds the pin with `PinWithOpts` and stays direct.
 */
export async function * pinAdd (ctx: ClusterContext, paths: string[], options: PinAddOptions = {}): AsyncGenerator<PinAddEvent, void, undefined> {
  const direct = options.recursive === false
  const pins: Array<{ pin: ClusterPin, submit: () => Promise<ClusterPin> }> = []
  const releases: Array<() => void> = []
  try {
    for (const path of paths) {
      const target = pinTarget(path)
      const trail = ctx.loop?.trail(`pin ${target.cid ?? path}`, options)
      // a bare CID is registered before the write that could bring it back; a path once resolved
      if (trail !== undefined && target.cid !== undefined) releases.push(await ctx.loop!.enterPin(target.cid, trail, options.signal))
      const submit = async (): Promise<ClusterPin> => await submitPin(ctx, path, { direct, name: options.name, signal: options.signal, trail })
      const pin = await submit()
      if (trail !== undefined && target.cid === undefined) releases.push(await ctx.loop!.enterPin(pin.cid, trail, options.signal))
      pins.push({ pin, submit })
    }
    let progress = 0
    for (const { pin, submit } of pins) {
      for await (const _ of waitPinned(ctx, pin, options.signal, submit)) {
        if (options.progress === true) yield { Progress: ++progress }
      }
    }
  } finally {
    for (const release of releases) release()
  }
  yield { Pins: pins.map(p => p.pin.cid) }
}

export interface SubmitOptions {
  direct?: boolean
  name?: string
  /** The CID to update from (`pin/update`) */
  from?: string
  signal?: AbortSignal
  /** Recorded as `meta-composite-via` / `meta-composite-hops` (loop detection) */
  trail?: PinTrail
}

/** Commits one pin to the undercluster's shared state; re-sending it is harmless, so it may fail over */
export async function submitPin (ctx: ClusterContext, path: string, options: SubmitOptions): Promise<ClusterPin> {
  const target = pinTarget(path)
  const query = pinOptionsQuery(ctx.defaults, { cid: target.cid, name: options.name })
  if (options.direct === true) query.mode = 'direct'
  if (options.from !== undefined) query['pin-update'] = options.from
  if (options.trail !== undefined) Object.assign(query, trailQuery(options.trail))
  let pin: ClusterPin | undefined
  try {
    pin = await ctx.rest.json<ClusterPin>('POST', pinsUrl(target, { pathForm: options.direct }), { query, idempotent: true, signal: options.signal })
  } catch (err) {
    if (err instanceof ClusterApiError && err.restMessage.includes('already pinned in recursive mode')) {
      // Kubo's text for a direct pin over a recursive one (boxo dspinner, wrapped by coreapi)
      throw new CommandError(`pin: ${target.cid ?? path} already pinned recursively`, { cause: err })
    }
    throw err
  }
  if (pin?.cid === undefined) throw new CommandError(`undercluster ${ctx.label}: empty answer to pin ${path}`)
  if (options.direct === true && pin.max_depth !== 0) {
    throw new CommandError(`undercluster ${ctx.label}: pin ${pin.cid} was recorded with max_depth ${String(pin.max_depth)}, not as a direct pin`)
  }
  return pin
}

/** Polls in a row where no peer tracks the pin before it is submitted again */
const UNTRACKED_POLLS = 3

/**
 * Waits until `pin` is pinned by the connector's policy; yields progress ticks. When no
 * reachable peer tracks the pin for a few polls (the peer that committed it died before its
 * CRDT delta spread, then the poll failed over), the pin is submitted again with `resubmit`.
 */
export async function * waitPinned (ctx: ClusterContext, pin: ClusterPin, signal?: AbortSignal, resubmit?: () => Promise<unknown>): AsyncGenerator<void, void, undefined> {
  if (ctx.wait.policy === 'accepted') return
  let untracked = 0
  const check = async (inner: AbortSignal): Promise<ReturnType<typeof judgePin>> => {
    // a cycle found while this pin waits (the peer check runs in the background) ends the wait
    await ctx.loop?.refuseInception('pin/add')
    const info = await ctx.pinStatus(pin.cid, inner)
    const everywhere = pin.replication_factor_min === -1 || (pin.allocations ?? []).length === 0
    const dead = everywhere ? await ctx.deadPeers(inner) : undefined
    untracked = isUntracked(info) ? untracked + 1 : 0
    if (resubmit !== undefined && untracked >= UNTRACKED_POLLS) {
      untracked = 0
      await resubmit()
    }
    return judgePin(pin, info ?? { cid: pin.cid }, ctx.wait.policy, dead)
  }
  const outcome = yield * pollPin(check, ctx.wait, signal)
  if (outcome.state === 'pinned') return
  const peers = outcome.verdict?.peers.join('; ') ?? ''
  const counts = outcome.verdict === undefined ? '' : ` (${outcome.verdict.pinned}/${outcome.verdict.needed} peers pinned)`
  const reason = outcome.state === 'failed' ? 'failed' : `not done after ${ctx.wait.timeout} ms`
  const last = outcome.state === 'timeout' && outcome.error instanceof Error ? `; last error: ${outcome.error.message}` : ''
  throw new PinFailedError(`undercluster ${ctx.label}: pin ${pin.cid} ${reason}${counts}${peers === '' ? '' : `: ${peers}`}${last}`)
}

/** No reachable peer has the pin in its state: every status is `unpinned`, or the peer is unreachable */
function isUntracked (info: GlobalPinInfo | undefined): boolean {
  const statuses = Object.values(info?.peer_map ?? {}).map(s => s.status)
  return statuses.every(s => s === 'unpinned' || s === 'cluster_error') && statuses.includes('unpinned')
}
