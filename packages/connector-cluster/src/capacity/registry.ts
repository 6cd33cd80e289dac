import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { readPin } from '../read-pin.ts'
import type { RestClient } from '../rest-client.ts'
import type { ClusterPin } from '../rest-types.ts'
import type { Logger } from '@composite-ipfs/interface'

/**
 * The pin where composite nodes in front of one undercluster find each other: an identity CID
 * (its bytes are in the CID itself, so every Kubo "has" it and pinning it costs nothing), pinned
 * everywhere, whose metadata holds one `composite-front.<node ID>` entry per node with the time
 * it lapses. Operators see the nodes in `ipfs-cluster-ctl pin ls`.
 */
export const REGISTRY_CID = CID.createV1(0x55, identity.digest(new TextEncoder().encode('composite-ipfs/front-registry/v1'))).toString()
export const FRONT_PREFIX = 'composite-front.'
const REGISTRY_NAME = 'composite-ipfs: composite nodes in front of this cluster'
/** Refreshes in a row that must find a node alone before it skips the checks that guard against other writers */
const ALONE_ROUNDS = 3

export interface FrontRegistryInit {
  rest: RestClient
  nodeId: string
  /** Recorded with the entry, for operators */
  tenant?: string
  /** ms between refreshes of this node's entry (and reads of the others') */
  interval: number
  logger?: Logger
}

/**
 * This node's entry in the undercluster's registry of composite nodes, refreshed every
 * `interval`; an entry lapses after three intervals without a refresh, so one write lost to a
 * concurrent one (last writer wins) never drops a live node. `count()` is how many nodes front
 * the undercluster now, this one included.
 */
export class FrontRegistry {
  private timer: NodeJS.Timeout | undefined
  private started = false
  private live = 1
  private running: Promise<void> | undefined
  private stopped = false
  /** Refreshes in a row that found this node alone */
  private aloneRounds = 0
  /** Whether this node wrote its entry before (it must then find it again) */
  private registered = false
  private lifetime = new AbortController()

  constructor (private readonly init: FrontRegistryInit) {}

  /** How many composite nodes front the undercluster (at least 1: this one); registers this node on first use */
  count (): number {
    if (!this.stopped) void this.start()
    return this.live
  }

  /**
   * Whether other composite nodes may be writing the undercluster's pins: `true` unless the last
   * `ALONE_ROUNDS` refreshes all found this node alone, with its own entry where it left it (an
   * entry of its own gone missing means another writer's registration overwrote it). Nodes that
   * start together each see only themselves at first; the rounds, with jittered timers, see them
   * find each other. Registers this node on first use, like `count`.
   */
  shared (): boolean {
    if (!this.stopped) void this.start()
    return this.aloneRounds < ALONE_ROUNDS
  }

  /**
   * Whether no other composite node fronts the undercluster now, read fresh from the registry
   * (a release then needs no grace period: no other node can be claiming the same CID). `false`
   * while this node is not registered, or when the registry cannot be read.
   */
  async alone (): Promise<boolean> {
    await this.start()
    try {
      const now = Date.now()
      const entries = Object.entries((await this.read())?.metadata ?? {}).filter(([key, value]) =>
        key.startsWith(FRONT_PREFIX) && lapsesAt(value) > now)
      return entries.length > 0 && entries.every(([key]) => key === `${FRONT_PREFIX}${this.init.nodeId}`)
    } catch {
      return false
    }
  }

  /**
   * Registers now (awaited, best effort) and then keeps refreshing in the background. Called by
   * the connector's `start()` (also after a `stop()`), or on first use by a host that never called it.
   */
  async start (): Promise<void> {
    if (this.stopped) {
      // started again after stop(): register anew, as a node that just came up
      this.stopped = false
      this.lifetime = new AbortController()
      this.aloneRounds = 0
      this.registered = false
      this.live = 1
    }
    if (this.started) {
      await this.running
      return
    }
    this.started = true
    const tick = (): void => {
      this.running = this.refresh().catch((err: unknown) => {
        this.aloneRounds = 0
        this.init.logger?.warn({ error: (err as Error).message }, `could not refresh this node's entry in the undercluster's registry of composite nodes: ${(err as Error).message}`)
      }).finally(() => {
        this.running = undefined
        // jittered, so that nodes started together do not keep overwriting each other's entry
        if (!this.stopped) this.timer = setTimeout(tick, this.init.interval * (0.75 + Math.random() / 2)).unref()
      })
    }
    tick()
    await this.running
  }

  /** Stops refreshing and removes this node's entry (best effort), so the others' shares grow at once */
  async stop (): Promise<void> {
    if (!this.started) return // nothing registered: a later start() still registers
    this.stopped = true
    this.started = false
    clearTimeout(this.timer)
    this.timer = undefined
    await this.running?.catch(() => {})
    await this.write(false).catch(() => {})
    this.lifetime.abort()
  }

  private async refresh (): Promise<void> {
    await this.write(true)
  }

  /** Reads the registry and writes it back with this node's entry refreshed (or removed), dropping lapsed ones */
  private async write (present: boolean): Promise<void> {
    const now = Date.now()
    const current = await this.read()
    const entries = new Map<string, number>()
    for (const [key, value] of Object.entries(current?.metadata ?? {})) {
      if (!key.startsWith(FRONT_PREFIX)) continue
      const until = lapsesAt(value)
      if (until > now) entries.set(key.slice(FRONT_PREFIX.length), until)
    }
    const found = entries.has(this.init.nodeId)
    if (present) entries.set(this.init.nodeId, now + 3 * this.init.interval)
    else entries.delete(this.init.nodeId)
    this.live = Math.max(1, entries.size)
    const alone = entries.size === 1 && (found || !this.registered)
    this.aloneRounds = present && alone ? this.aloneRounds + 1 : 0
    this.registered = present
    const query: Record<string, string> = { name: REGISTRY_NAME, 'replication-min': '-1', 'replication-max': '-1' }
    for (const [id, until] of entries) {
      const tenant = id === this.init.nodeId ? this.init.tenant : tenantOf(current?.metadata?.[`${FRONT_PREFIX}${id}`])
      query[`meta-${FRONT_PREFIX}${id}`] = tenant === undefined ? new Date(until).toISOString() : `${new Date(until).toISOString()} tenant=${tenant}`
    }
    await this.init.rest.json('POST', `/pins/${REGISTRY_CID}`, { query, idempotent: true, signal: this.lifetime.signal })
  }

  private async read (): Promise<ClusterPin | undefined> {
    return await readPin(this.init, REGISTRY_CID, this.lifetime.signal)
  }

}

/** When an entry (`<RFC 3339 time>[ tenant=<name>]`) lapses, in ms; `NaN` for one that cannot be read */
function lapsesAt (value: string): number {
  return Date.parse(value.split(' ')[0] ?? '')
}

function tenantOf (value: string | undefined): string | undefined {
  const match = / tenant=(\S+)$/.exec(value ?? '')
  return match?.[1]
}
