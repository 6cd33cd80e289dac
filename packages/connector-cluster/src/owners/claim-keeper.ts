import { setMaxListeners } from 'node:events'
import { CommandError, raceSignal } from '@composite-ipfs/interface'
import { isNotInPinset } from '../errors.ts'
import { readTrail, trailQuery } from '../loop/trail.ts'
import { readPin } from '../read-pin.ts'
import { baseRecord, readOwnership } from './claim-record.ts'
import { baseWrite, pinWrite } from './pin-options.ts'
import { answeredAs, standingOf } from './view.ts'
import type { ClaimRecord, Ownership } from './claim-record.ts'
import type { PinWrite } from './pin-options.ts'
import type { PinTrail } from '../loop/trail.ts'
import type { RestClient } from '../rest-client.ts'
import type { ClusterPin } from '../rest-types.ts'

/** What one pin/add (or add, block/put) asks of the undercluster for this node */
export interface ClaimRequest {
  /** The claim's options; `at` is kept from an earlier claim of this node */
  record: Omit<ClaimRecord, 'at'>
  /** Peers to prefer when the pin is new (where `add` already put the blocks) */
  allocations?: string[]
  /** Recorded as `meta-composite-via` / `meta-composite-hops` (loop detection) */
  trail?: PinTrail
}

export interface ClaimKeeperInit {
  rest: RestClient
  /** This node's ID: the owner its claims are recorded under */
  nodeId: string
  /** ms a pin stays after its last owner left (ipfs-cluster `expire-at`) */
  grace: number
  /**
   * ms after each write when it is read again: a concurrent writer on another undercluster
   * peer (last writer wins) may have dropped it meanwhile
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
  /** Told when a claim had to be written again, or a withdrawal failed */
  logger?: (message: string) => void
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
  request: ClaimRequest
  write: Promise<WriteResult>
  /** Set once written: the claim time of a claim this session made (none when it existed before) */
  added?: string
  reclaiming?: Promise<unknown>
}

interface WriteResult { pin: ClusterPin, added?: string }

/** Writes that saw their own change undone by a concurrent writer are tried this often */
const MAX_WRITES = 3
/** Background re-checks that may each find a write undone again */
const MAX_RECHECKS = 4
/** Re-checks made even when the first found nothing wrong: at 1 and 5 times `recheckDelay` */
const SURE_ROUNDS = 2

/**
 * This node's claims on a shared undercluster. Every change is a read-modify-write of the one
 * ipfs-cluster pin per CID (`GET /allocations/<cid>`, then `POST /pins/<cid>` with every claim),
 * serialised per CID within the node, run on the keeper's own lifetime (a caller's abort never
 * cancels a write others wait for), and read back: once at once, and again `recheckDelay` and
 * five times `recheckDelay` later in the background, since the undercluster's shared state (crdt, last writer wins) can
 * lose a claim another peer wrote at the same moment. A lost claim is written again.
 *
 * Concurrent pin/adds of one CID through this node share one claim (`begin`); when every one of
 * them was cancelled before the pin was done, the claim they added is withdrawn again, and
 * claims of other owners, or an older claim of this node, stay.
 */
export class ClaimKeeper {
  readonly nodeId: string
  private readonly lanes = new Map<string, Promise<unknown>>()
  private readonly sessions = new Map<string, Session>()
  /** The latest intent per CID, by generation: a re-check acts only while it still holds */
  private readonly intents = new Map<string, { gen: number, own: boolean, request?: ClaimRequest }>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private lifetime = lifetimeController()
  private gen = 0

  constructor (private readonly init: ClaimKeeperInit) {
    this.nodeId = init.nodeId
  }

  /** Joins (or starts) this node's claim on `cid` for one pin/add; the caller races only its own signal */
  async begin (cid: string, request: ClaimRequest, signal?: AbortSignal): Promise<ClaimSession> {
    let session = this.sessions.get(cid)
    if (session === undefined) {
      session = { refs: 0, pinned: false, request, write: this.claim(cid, request) }
      const started = session
      started.write.then(result => { started.added ??= result.added }, () => {})
      this.sessions.set(cid, session)
    } else if (!sameRequest(session.request, request)) {
      // a later caller asked for other options (name, mode): its write follows the first
      session.request = request
      const started = session
      session.write = this.claim(cid, request)
      session.write.then(result => { started.added ??= result.added }, () => {})
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
    const intent = this.intents.get(cid)
    if (intent !== undefined && !intent.own) return
    this.init.logger?.(`claim on ${cid} was dropped by a concurrent write on the undercluster: writing it again`)
    session.reclaiming = this.claim(cid, session.request).catch(() => {}).finally(() => { session.reclaiming = undefined })
  }

  /** Adds or refreshes this node's claim (outside a pin/add wait: add's other roots, block/put) */
  async claim (cid: string, request: ClaimRequest, signal?: AbortSignal): Promise<WriteResult> {
    return await raceSignal(this.inLane(cid, async () => {
      // the intent is recorded when the write runs, in lane order, so re-checks follow the last one
      const gen = this.intend(cid, true, request)
      const result = await this.writeClaim(cid, request)
      if (this.contended()) this.recheck(cid, gen, 1)
      else this.intents.delete(cid)
      return result
    }), signal)
  }

  /**
   * Removes this node's claim; resolves `false` when it had none (the pin is someone else's,
   * or there is no pin). The last owner leaving makes the pin expire after the grace period,
   * or turns it back into the undercluster's own pin when it had one before.
   */
  async release (cid: string, signal?: AbortSignal): Promise<boolean> {
    return await raceSignal(this.inLane(cid, async () => {
      const gen = this.intend(cid, false)
      const released = await this.writeRelease(cid)
      if (released && this.contended()) this.recheck(cid, gen, 1)
      else this.intents.delete(cid)
      return released
    }), signal)
  }

  /** Stops the background re-checks and abandons queued writes */
  stop (): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    this.intents.clear()
    this.lifetime.abort()
    this.lifetime = lifetimeController()
  }

  private endSession (cid: string, session: Session, pinned: boolean): void {
    if (pinned) session.pinned = true
    if (--session.refs > 0) return
    if (this.sessions.get(cid) === session) this.sessions.delete(cid)
    if (session.pinned) return
    // every caller gave up before the pin was done: withdraw the claim this session added. Queued
    // now, right behind the session's own write, so a later pin/add's claim comes after it. A
    // write that failed outright may have added nothing; if it did, the claim stays (a leak, never a loss)
    void this.inLane(cid, async () => {
      await session.write.catch(() => {})
      const added = session.added
      if (added === undefined) return
      const gen = this.intend(cid, false)
      if (await this.writeRelease(cid, added)) this.recheck(cid, gen, 1)
    }).catch((err: unknown) => {
      this.init.logger?.(`could not withdraw the claim on ${cid} of a cancelled pin: ${(err as Error).message}`)
    })
  }

  private intend (cid: string, own: boolean, request?: ClaimRequest): number {
    const gen = ++this.gen
    this.intents.set(cid, { gen, own, request })
    return gen
  }

  /** Reads the pin again later; writes again when a concurrent writer undid this node's intent */
  private recheck (cid: string, gen: number, round: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (this.intents.get(cid)?.gen !== gen) return
      void this.inLane(cid, async () => {
        // a later change of this node's (queued meanwhile) has its own re-check
        const intent = this.intents.get(cid)
        if (intent?.gen !== gen) return
        const pin = await this.read(cid)
        if (readOwnership(pin?.metadata).owners.has(this.nodeId) === intent.own) {
          // a stale write from another node can land late (its POST took long): look once more
          if (round < SURE_ROUNDS) this.recheck(cid, gen, round + 1)
          else this.intents.delete(cid)
          return
        }
        this.init.logger?.(`claim on ${cid} was ${intent.own ? 'dropped' : 'restored'} by a concurrent write on the undercluster: writing it again`)
        if (intent.own && intent.request !== undefined) await this.writeClaim(cid, intent.request)
        else await this.writeRelease(cid)
        this.again(cid, gen, round)
      }).catch(() => { this.again(cid, gen, round) })
    }, round === 1 ? this.init.recheckDelay : 4 * this.init.recheckDelay)
    timer.unref()
    this.timers.add(timer)
  }

  /** One more re-check after a write that had to be made again, up to `MAX_RECHECKS`; then the intent is dropped */
  private again (cid: string, gen: number, round: number): void {
    if (round < MAX_RECHECKS) this.recheck(cid, gen, round + 1)
    else if (this.intents.get(cid)?.gen === gen) this.intents.delete(cid)
  }

  private contended (): boolean {
    return this.init.contended?.() ?? true
  }

  private async writeClaim (cid: string, request: ClaimRequest): Promise<WriteResult> {
    let last: WriteResult | undefined
    for (let attempt = 0; attempt < MAX_WRITES; attempt++) {
      const current = await this.read(cid)
      const ownership = ownershipOf(current)
      const earlier = ownership.owners.get(this.nodeId)
      if (request.record.d === 1 && current !== undefined) {
        const shown = answeredAs(standingOf(ownership, this.nodeId, this.init.showUndercluster), current, ownership.base)
        // Kubo's text for a direct pin over a recursive one (boxo dspinner, wrapped by coreapi)
        if (shown?.type === 'recursive') throw new CommandError(`pin: ${cid} already pinned recursively`)
      }
      const record: ClaimRecord = { ...request.record, at: earlier?.at ?? new Date().toISOString() }
      ownership.owners.set(this.nodeId, record)
      ownership.released = undefined
      const write = pinWrite(ownership, { grace: this.init.grace, wasRecursive: isRecursive(current) })
      const allocations = nonEmpty(current?.user_allocations) ?? (current === undefined ? request.allocations : undefined)
      if (allocations !== undefined) write.query['user-allocations'] = allocations.join(',')
      Object.assign(write.query, trailQuery(request.trail ?? readTrail(current?.metadata) ?? { via: [], hops: 0 }))
      const written = await this.post(cid, write)
      last = { pin: written, added: earlier === undefined ? record.at : undefined }
      if (!this.contended()) return last
      const back = await this.read(cid)
      if (readOwnership(back?.metadata).owners.has(this.nodeId)) return { ...last, pin: back ?? written }
    }
    return last!
  }

  /** Removes this node's claim (only the one made at `at`, when given); `false` when there was none */
  private async writeRelease (cid: string, at?: string): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_WRITES; attempt++) {
      const current = await this.read(cid)
      const ownership = readOwnership(current?.metadata)
      const claim = ownership.owners.get(this.nodeId)
      if (current === undefined || claim === undefined) return attempt > 0
      if (at !== undefined && claim.at !== at) return false
      ownership.owners.delete(this.nodeId)
      let write: PinWrite
      if (ownership.owners.size === 0 && ownership.base === undefined && await this.init.alone?.() === true) {
        await this.init.rest.json('DELETE', `/pins/${encodeURIComponent(cid)}`, { idempotent: true, signal: this.lifetime.signal }).catch((err: unknown) => {
          if (!isNotInPinset(err)) throw err
        })
        return true
      }
      if (ownership.owners.size === 0 && ownership.base !== undefined) {
        write = baseWrite(ownership.base, { wasRecursive: isRecursive(current) })
      } else {
        if (ownership.owners.size === 0) ownership.released = new Date().toISOString()
        write = pinWrite(ownership, { grace: this.init.grace, wasRecursive: isRecursive(current) })
        // a released pin keeps the name it had, for whoever looks at it before it expires
        if (ownership.owners.size === 0 && current.name !== undefined && current.name !== '') write.query.name = current.name
        const trail = readTrail(current.metadata)
        if (trail !== undefined) Object.assign(write.query, trailQuery(trail))
      }
      const allocations = nonEmpty(current.user_allocations)
      if (allocations !== undefined) write.query['user-allocations'] = allocations.join(',')
      await this.post(cid, write)
      if (!this.contended()) return true
      const back = await this.read(cid)
      if (!readOwnership(back?.metadata).owners.has(this.nodeId)) return true
    }
    return true
  }

  private async post (cid: string, write: PinWrite): Promise<ClusterPin> {
    const path = write.direct ? `/pins/ipfs/${encodeURIComponent(cid)}` : `/pins/${encodeURIComponent(cid)}`
    const pin = await this.init.rest.json<ClusterPin>('POST', path, { query: write.query, idempotent: true, signal: this.lifetime.signal })
    return pin ?? { cid }
  }

  private async read (cid: string): Promise<ClusterPin | undefined> {
    return await readPin(this.init, cid, this.lifetime.signal)
  }

  /** Runs `work` after every earlier change of `cid` by this node settled */
  private async inLane<T> (cid: string, work: () => Promise<T>): Promise<T> {
    const previous = this.lanes.get(cid) ?? Promise.resolve()
    const next = previous.catch(() => {}).then(work)
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

/** Who holds `pin`; a pin no composite node managed yet gets its base claim (the undercluster's own) */
function ownershipOf (pin: ClusterPin | undefined): Ownership {
  const ownership = readOwnership(pin?.metadata)
  if (pin !== undefined && !ownership.managed) ownership.base = baseRecord(pin, ownership.other)
  return ownership
}

function isRecursive (pin: ClusterPin | undefined): boolean {
  return pin !== undefined && pin.max_depth !== 0
}

function nonEmpty (list: string[] | null | undefined): string[] | undefined {
  return list != null && list.length > 0 ? list : undefined
}

function sameRequest (a: ClaimRequest, b: ClaimRequest): boolean {
  return JSON.stringify(a.record) === JSON.stringify(b.record)
}
