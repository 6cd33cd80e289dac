import { RESERVED_PREFIX, isZeroTime } from './owners/claim-record.ts'
import { isNotInPinset } from './errors.ts'
import { RestClient } from './rest-client.ts'
import type { ClusterPin } from './rest-types.ts'
import type { Endpoint, RpcTimeouts } from '@composite-ipfs/rpc-client'
import type { Logger } from '@composite-ipfs/interface'

/** Where the undercluster's replication of a pin claimed for an overcluster comes from */
export type ReplicationPolicy = 'node' | 'overcluster'

/** What the overcluster's own pin of a CID says, as this node records it below */
export interface OverclusterPinInfo {
  name?: string
  metadata?: Record<string, string>
  direct?: boolean
  expireAt?: string
  /** Set by the `overcluster` replication policy */
  replication?: { min?: number, max?: number }
}

export interface OverclusterLookupInit {
  /** The overcluster's REST API endpoints (with their own authorization and TLS), failed over in order */
  endpoints: Endpoint[]
  replication: ReplicationPolicy
  timeouts?: RpcTimeouts
  logger?: Logger
}

/**
 * Awareness of the overcluster (the seed asks whether a composite node can know it is talking
 * to one): the pin an overcluster peer asks this node for is already in the overcluster's shared
 * pinset, so `GET /allocations/<cid>` on the overcluster's REST API tells its name, metadata, mode,
 * expiry and replication. A CID the overcluster does not hold (a pin from a plain Kubo client),
 * or an overcluster that does not answer, just adds nothing: pins never fail because of it.
 */
export class OverclusterLookup {
  private readonly rest: RestClient

  constructor (private readonly init: OverclusterLookupInit) {
    this.rest = new RestClient({ endpoints: init.endpoints, timeouts: { connect: 5_000, headers: 10_000, body: 10_000, ...init.timeouts }, retries: Math.max(1, init.endpoints.length - 1) })
  }

  async describe (cid: string, signal?: AbortSignal): Promise<OverclusterPinInfo | undefined> {
    let pin: ClusterPin | undefined
    try {
      pin = await this.rest.json<ClusterPin>('GET', `/allocations/${encodeURIComponent(cid)}`, { signal })
    } catch (err) {
      if (!isNotInPinset(err) && signal?.aborted !== true) this.init.logger?.warn({ cid, error: (err as Error).message }, `overcluster lookup of ${cid} failed: ${(err as Error).message}`)
      return undefined
    }
    if (pin === undefined) return undefined
    const info: OverclusterPinInfo = {}
    if (pin.name !== undefined && pin.name !== '') info.name = pin.name
    const metadata = Object.fromEntries(Object.entries(pin.metadata ?? {}).filter(([key]) => !key.startsWith(RESERVED_PREFIX)))
    if (Object.keys(metadata).length > 0) info.metadata = metadata
    if (pin.max_depth === 0 || pin.mode === 'direct') info.direct = true
    if (!isZeroTime(pin.expire_at)) info.expireAt = pin.expire_at
    if (this.init.replication === 'overcluster') info.replication = { min: pin.replication_factor_min, max: pin.replication_factor_max }
    return info
  }

  /** Opens again after `close()` (the connector restarts) */
  open (): void {
    this.rest.open()
  }

  async close (): Promise<void> {
    await this.rest.close()
  }
}
