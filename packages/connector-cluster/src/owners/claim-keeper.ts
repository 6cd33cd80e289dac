import { setMaxListeners } from 'node:events'
import { AbortedError, raceSignal } from '@composite-ipfs/interface'
import { LRUCache } from 'lru-cache'
import { readOwnership } from './claim-record.ts'
import { ClaimWrites } from './claim-writes.ts'
import type { ClaimRequest, WriteResult } from './claim-writes.ts'
import type { RestClient } from '../rest-client.ts'
import type { ClusterPin } from '../rest-types.ts'
import type { Logger } from '@composite-ipfs/interface'

export type { ClaimRequest } from './claim-writes.ts'

export interface ClaimKeeperInit {
  rest: RestClient
  /** This node's ID: the owner its claims are recorded under */
  nodeId: string
  /** ms a pin stays after its last owner left (ipfs-cluster `expire-at`) */
  grace: number
  /**
   * ms after each write when it is read again, and again at five times this: a concurrent writer
   * on another undercluster peer (last writer wins) may have undone it meanwhile
   */
  recheckDelay: number
  /**
   * Whether this node is the only composite node in front of the undercluster right now: its
   * last owner's release then removes the pin at once, as a node alone always did (no other node
   * can be claiming it concurrently, so there is nothing for a grace period to protect)
   */
  alone?: () => Promise<boolean>
  /**
   * Whether other composite nodes may be writing this undercluster's pins (cached, cheap): when
   * not, a write needs no read-back or re-check, since this node's own writes are serialised
   *
   * @default () => true
   */
  contended?: () => boolean
  /** Whether this node answers for the undercluster's own pins (a direct pin/add over one that is recursive is refused, as Kubo does) */
  showUndercluster: boolean
  /** Told when a claim had to be written again, or a write in the background failed */
  logger?: Logger
}

/** A pin/add's share of this node's claim on one CID (see `ClaimKeeper.begin`) */
export interface ClaimSession {
  /** The pin as the undercluster recorded it */
  pin: ClusterPin
  /** Ends this caller's share: `pinned` when it saw the pin through */
  end: (pinned: boolean) => void
}

interface Session {
  refs: number
  pinned: boolean
  /** The options of the last write that succeeded (what a re-claim writes) */
  request: ClaimRequest
  write: Promise<WriteResult>
  /** The claim time of a claim this session made (none when this node held one before) */
  added?: string
  reclaiming?: Promise<unknown>
}

/** Background re-checks that may each find a write undone again */
const MAX_RECHECKS = 4
/** Re-checks made even when the first found nothing wrong: at 1 and 5 times `recheckDelay` */
const SURE_ROUNDS = 2
/**
 * CIDs whose pin this node saw through lately: a cancelled pin/add never withdraws a claim on
 * them, even when it found none (a stale write from another node may have dropped the claim an
 * earlier pin/add made; that node's overcluster re-claims it at its next recover, well within
 * this time and the grace period)
 */
const CONFIRMED = { max: 100_000, ttl: 60 * 60_000 }

/**
 * This node's claims on a shared undercluster. Every change is a read-modify-write of the one
 * ipfs-cluster pin per CID (`ClaimWrites`), serialised per CID within the node (a lane), run on
 * the keeper's own lifetime (a caller's abort never cancels a write others wait for), and read
 * back: at once, and again `recheckDelay` and five times `recheckDelay` later in the background,
 * since the undercluster's shared state (crdt, last writer wins) can lose a claim another peer
 * wrote at the same moment. A lost claim is written again.
 *
 * Concurrent pin/adds of one CID through this node share one claim (`begin`); when every one of
 * them was cancelled before the pin was done, the claim they added is withdrawn again, and
 * claims of other owners, or an earlier claim of this node, stay.
 */
export class ClaimKeeper {
  readonly nodeId: string
  private readonly writes: ClaimWrites
  private readonly lanes = new Map<string, Promise<unknown>>()
  private readonly sessions = new Map<string, Session>()
  /** The latest intent per CID that a write carried out, by generation: a re-check acts only while it still holds */
  private readonly intents = new Map<string, { gen: number, own: boolean, request?: ClaimRequest }>()
  private readonly confirmed = new LRUCache<string, true>(CONFIRMED)
  private readonly timers = new Set<NodeJS.Timeout>()
  private lifetime = lifetimeController()
  private stopped = false
  private gen = 0

  constructor (private readonly init: ClaimKeeperInit) {
    this.nodeId = init.nodeId
    this.writes = new ClaimWrites({ ...init, contended: () => this.contended(), signal: () => this.lifetime.signal })
  }

  /** Joins (or starts) this node's claim on `cid` for one pin/add; the caller races only its own signal */
  async begin (cid: string, request: ClaimRequest, signal?: AbortSignal): Promise<ClaimSession> {
    if (signal?.aborted === true) throw new AbortedError('context canceled', { cause: signal.reason })
    let session = this.sessions.get(cid)
    if (session === undefined) {
      session = { refs: 0, pinned: false, request, write: this.claim(cid, request) }
      this.sessions.set(cid, session)
      this.follow(session, session.write, request)
    } else if (!sameRequest(session.request, request)) {
      // a later caller asked for other options (name, mode): its write follows the first
      session.write = this.claim(cid, request)
      this.follow(session, session.write, request)
    }
    session.refs++
    const joined = session
    let ended = false
    const end = (pinned: boolean): void => {
      if (ended) return
      ended = true
      this.endSession(cid, joined, pinned)
    }
    try {
      const { pin } = await raceSignal(joined.write, signal)
      return { pin, end }
    } catch (err) {
      end(false)
      throw err
    }
  }

  /**
   * Re-applies this node's claim when a status answer shows it gone while a pin/add still
   * waits (a concurrent writer dropped it). Cheap when it is there.
   */
  verify (cid: string, metadata: Record<string, string> | null | undefined): void {
    const session = this.sessions.get(cid)
    if (session === undefined || session.reclaiming !== undefined || metadata == null) return
    if (readOwnership(metadata).owners.has(this.nodeId)) return
    if (this.intents.get(cid)?.own === false) return
    this.init.logger?.info({ cid }, `claim on ${cid} was dropped by a concurrent write on the undercluster: writing it again`)
    session.reclaiming = this.claim(cid, session.request)
      .catch((err: unknown) => { this.init.logger?.warn({ cid, error: (err as Error).message }, `could not write the claim on ${cid} again: ${(err as Error).message}`) })
      .finally(() => { session.reclaiming = undefined })
  }

  /** Adds or refreshes this node's claim, outside a session (a wait's resubmission) */
  async claim (cid: string, request: ClaimRequest, signal?: AbortSignal): Promise<WriteResult> {
    if (signal?.aborted === true) throw new AbortedError('context canceled', { cause: signal.reason })
    return await raceSignal(this.inLane(cid, async () => {
      const result = await this.writes.claim(cid, request)
      // recorded once the write is done, in lane order: a failed write leaves the last intent
      this.settle(cid, this.intend(cid, true, request))
      return result
    }), signal)
  }

  /**
   * Removes this node's claim; resolves `false` when it had none (the pin is someone else's,
   * or there is no pin). The last owner leaving makes the pin expire after the grace period,
   * or turns it back into the undercluster's own pin when it had one before. A pin/add of the
   * CID still waiting keeps waiting, but later ones write a claim of their own.
   */
  async release (cid: string, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted === true) throw new AbortedError('context canceled', { cause: signal.reason })
    return await raceSignal(this.inLane(cid, async () => {
      this.sessions.delete(cid)
      this.confirmed.delete(cid)
      const released = await this.writes.release(cid)
      const gen = this.intend(cid, false)
      if (released) this.settle(cid, gen)
      else this.intents.delete(cid)
      return released
    }), signal)
  }

  /** Lets the keeper write again after `stop()` */
  start (): void {
    if (!this.stopped) return
    this.stopped = false
    this.lifetime = lifetimeController()
  }

  /** Stops the background re-checks and abandons the writes queued or in flight */
  stop (): void {
    this.stopped = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    this.intents.clear()
    this.lifetime.abort()
  }

  /** Notes what a session's write added, and that later re-claims use its options, once it succeeded */
  private follow (session: Session, write: Promise<WriteResult>, request: ClaimRequest): void {
    write.then((result) => {
      session.added ??= result.added
      session.request = request
    }, () => {})
  }

  private endSession (cid: string, session: Session, pinned: boolean): void {
    if (pinned) {
      session.pinned = true
      this.confirmed.set(cid, true)
    }
    if (--session.refs > 0) return
    if (this.sessions.get(cid) === session) this.sessions.delete(cid)
    if (session.pinned) return
    // every caller gave up before the pin was done: withdraw the claim this session added. Queued
    // now, right behind the session's own write, so a later pin/add's claim comes after it. A
    // write that failed outright may have added nothing; if it did, the claim stays (a leak, never a loss)
    void this.inLane(cid, async () => {
      await session.write.catch(() => {})
      const added = session.added
      if (added === undefined || this.confirmed.has(cid)) return
      if (await this.writes.release(cid, added)) this.settle(cid, this.intend(cid, false))
    }).catch((err: unknown) => {
      this.init.logger?.warn({ cid, error: (err as Error).message }, `could not withdraw the claim on ${cid} of a cancelled pin: ${(err as Error).message}`)
    })
  }

  private intend (cid: string, own: boolean, request?: ClaimRequest): number {
    const gen = ++this.gen
    this.intents.set(cid, { gen, own, request })
    return gen
  }

  /** After a write: re-check it later while other nodes may write too, else forget the intent */
  private settle (cid: string, gen: number): void {
    if (this.contended()) this.recheck(cid, gen, 1)
    else this.intents.delete(cid)
  }

  /** Reads the pin again later; writes again when a concurrent writer undid this node's intent */
  private recheck (cid: string, gen: number, round: number): void {
    if (this.stopped) return
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (this.intents.get(cid)?.gen !== gen) return
      void this.inLane(cid, async () => {
        // a later change of this node's (queued meanwhile) has its own re-check
        const intent = this.intents.get(cid)
        if (intent?.gen !== gen) return
        const pin = await this.writes.read(cid)
        if (readOwnership(pin?.metadata).owners.has(this.nodeId) === intent.own) {
          // a stale write from another node can land late (its POST took long): look once more
          if (round < SURE_ROUNDS) this.recheck(cid, gen, round + 1)
          else this.intents.delete(cid)
          return
        }
        this.init.logger?.info({ cid }, `claim on ${cid} was ${intent.own ? 'dropped' : 'restored'} by a concurrent write on the undercluster: writing it again`)
        if (intent.own && intent.request !== undefined) await this.writes.claim(cid, intent.request)
        else await this.writes.release(cid)
        this.again(cid, gen, round)
      }).catch((err: unknown) => {
        this.init.logger?.warn({ cid, error: (err as Error).message }, `could not re-check the claim on ${cid}: ${(err as Error).message}`)
        this.again(cid, gen, round)
      })
    }, round === 1 ? this.init.recheckDelay : 4 * this.init.recheckDelay)
    timer.unref()
    this.timers.add(timer)
  }

  /** One more re-check after a write that had to be made again, up to `MAX_RECHECKS`; then the intent is dropped */
  private again (cid: string, gen: number, round: number): void {
    if (round < MAX_RECHECKS && !this.stopped) this.recheck(cid, gen, round + 1)
    else if (this.intents.get(cid)?.gen === gen) this.intents.delete(cid)
  }

  private contended (): boolean {
    return this.init.contended?.() ?? true
  }

  /** Runs `work` after every earlier change of `cid` by this node settled; nothing runs once stopped */
  private async inLane<T> (cid: string, work: () => Promise<T>): Promise<T> {
    const previous = this.lanes.get(cid) ?? Promise.resolve()
    const next = previous.catch(() => {}).then(async () => {
      if (this.stopped) throw new AbortedError('context canceled: the connector stopped')
      return await work()
    })
    this.lanes.set(cid, next)
    try {
      return await next
    } finally {
      if (this.lanes.get(cid) === next) this.lanes.delete(cid)
    }
  }
}

/** The keeper's own signal: every write in flight listens to it, so it has no listener limit */
function lifetimeController (): AbortController {
  const controller = new AbortController()
  setMaxListeners(0, controller.signal)
  return controller
}

function sameRequest (a: ClaimRequest, b: ClaimRequest): boolean {
  return JSON.stringify(a.record) === JSON.stringify(b.record)
}
