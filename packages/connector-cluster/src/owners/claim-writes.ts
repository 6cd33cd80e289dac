import { CommandError } from '@composite-ipfs/interface'
import pRetry, { AbortError } from 'p-retry'
import { ClusterApiError, isNotInPinset } from '../errors.ts'
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

export interface WriteResult {
  pin: ClusterPin
  /** The claim time of a claim this write made; absent when this node's claim was there before */
  added?: string
}

export interface ClaimWritesInit {
  rest: RestClient
  nodeId: string
  grace: number
  showUndercluster: boolean
  alone?: () => Promise<boolean>
  contended: () => boolean
  /** The signal every REST call of these writes runs on (the keeper's lifetime) */
  signal: () => AbortSignal
}

/** Writes that saw their own change undone by a concurrent writer are tried this often */
const MAX_WRITES = 3
/** A write answered 5xx is made this many more times (200 ms, then backing off) */
const WRITE_RETRIES = 3

/**
 * The read-modify-writes of this node's claim on one undercluster pin: read the pin
 * (`GET /allocations/<cid>`), change this node's claim only, write every claim back
 * (`POST /pins/<cid>`), and read it back while other nodes may be writing too. Direct pins are
 * written through the path route `/pins/ipfs/<cid>?mode=direct`: ipfs-cluster v1.1.6's CID route
 * forces `max_depth=-1` after reading `mode` (`ParseCidOrFail`), so the bottom Kubos would pin
 * recursively.
 */
export class ClaimWrites {
  constructor (private readonly init: ClaimWritesInit) {}

  /** Adds or refreshes this node's claim; a 5xx on the way makes the whole read-modify-write again */
  async claim (cid: string, request: ClaimRequest): Promise<WriteResult> {
    return await this.transient(async () => await this.claimOnce(cid, request))
  }

  /** Removes this node's claim (only the one made at `at`, when given); `false` when there was none to remove */
  async release (cid: string, at?: string): Promise<boolean> {
    // an attempt that wrote and then failed already released: the next one finds nothing to remove
    const done = { wrote: false }
    return await this.transient(async () => await this.releaseOnce(cid, at, done)) || done.wrote
  }

  private async claimOnce (cid: string, request: ClaimRequest): Promise<WriteResult> {
    let last: WriteResult | undefined
    for (let attempt = 0; attempt < MAX_WRITES; attempt++) {
      const current = await this.read(cid)
      const ownership = ownershipOf(current)
      const earlier = ownership.owners.get(this.init.nodeId)
      if (request.record.d === 1 && current !== undefined) {
        const shown = answeredAs(standingOf(ownership, this.init.nodeId, this.init.showUndercluster), current, ownership.base)
        // Kubo's text for a direct pin over a recursive one (boxo dspinner, wrapped by coreapi)
        if (shown?.type === 'recursive') throw new CommandError(`pin: ${cid} already pinned recursively`)
      }
      const record: ClaimRecord = { ...request.record, at: earlier?.at ?? new Date().toISOString() }
      ownership.owners.set(this.init.nodeId, record)
      ownership.released = undefined
      const write = pinWrite(ownership, { grace: this.init.grace, wasRecursive: isRecursive(current) })
      const allocations = nonEmpty(current?.user_allocations) ?? (current === undefined ? request.allocations : undefined)
      if (allocations !== undefined) write.query['user-allocations'] = allocations.join(',')
      Object.assign(write.query, trailQuery(request.trail ?? readTrail(current?.metadata) ?? { via: [], hops: 0 }))
      const written = await this.post(cid, write)
      last = { pin: written, added: earlier === undefined ? record.at : undefined }
      if (!this.init.contended()) return last
      const back = await this.read(cid)
      if (readOwnership(back?.metadata).owners.has(this.init.nodeId)) return { ...last, pin: back ?? written }
    }
    return last!
  }

  private async releaseOnce (cid: string, at: string | undefined, done: { wrote: boolean }): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_WRITES; attempt++) {
      const current = await this.read(cid)
      const ownership = readOwnership(current?.metadata)
      const claim = ownership.owners.get(this.init.nodeId)
      if (current === undefined || claim === undefined) return attempt > 0
      if (at !== undefined && claim.at !== at) return false
      ownership.owners.delete(this.init.nodeId)
      const last = ownership.owners.size === 0
      if (last && ownership.base === undefined && await this.init.alone?.() === true) {
        await this.init.rest.json('DELETE', `/pins/${encodeURIComponent(cid)}`, { idempotent: true, signal: this.init.signal() }).catch((err: unknown) => {
          if (!isNotInPinset(err)) throw err
        })
        done.wrote = true
        return true
      }
      await this.post(cid, releaseWrite(current, ownership, this.init.grace))
      done.wrote = true
      if (!this.init.contended()) return true
      const back = await this.read(cid)
      if (!readOwnership(back?.metadata).owners.has(this.init.nodeId)) return true
    }
    return true
  }

  async read (cid: string): Promise<ClusterPin | undefined> {
    return await readPin(this.init, cid, this.init.signal())
  }

  private async post (cid: string, write: PinWrite): Promise<ClusterPin> {
    const path = write.direct ? `/pins/ipfs/${encodeURIComponent(cid)}` : `/pins/${encodeURIComponent(cid)}`
    const pin = await this.init.rest.json<ClusterPin>('POST', path, { query: write.query, idempotent: true, signal: this.init.signal() })
    return pin ?? { cid }
  }

  /**
   * Runs one whole read-modify-write again when a peer answered 5xx: one shutting down answers
   * `error broadcasting ...: this Topic is closed` and may have kept a write to itself, and the
   * next attempt reaches the next endpoint once that peer is gone. A 4xx is an answer, not retried.
   */
  private async transient<T> (work: () => Promise<T>): Promise<T> {
    const signal = this.init.signal()
    return await pRetry(async () => {
      try {
        return await work()
      } catch (err) {
        if (err instanceof ClusterApiError && err.upstreamStatus >= 500) throw err
        throw new AbortError(err as Error)
      }
    }, { retries: WRITE_RETRIES, minTimeout: 200, signal })
  }
}

/**
 * The pin once this node's claim is gone: the other claims; or, with none left, the
 * undercluster's own pin as it was (a base claim), or a released pin that expires after the
 * grace period, keeping its name, mode, trail and preferred peers meanwhile
 */
function releaseWrite (current: ClusterPin, ownership: Ownership, grace: number): PinWrite {
  const wasRecursive = isRecursive(current)
  const last = ownership.owners.size === 0
  let write: PinWrite
  if (last && ownership.base !== undefined) {
    write = baseWrite(ownership.base, { wasRecursive })
  } else {
    if (last) ownership.released = new Date().toISOString()
    write = pinWrite(ownership, { grace, wasRecursive })
    if (last && current.name !== undefined && current.name !== '') write.query.name = current.name
    const trail = readTrail(current.metadata)
    if (trail !== undefined) Object.assign(write.query, trailQuery(trail))
  }
  const allocations = nonEmpty(current.user_allocations)
  if (allocations !== undefined) write.query['user-allocations'] = allocations.join(',')
  return write
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
