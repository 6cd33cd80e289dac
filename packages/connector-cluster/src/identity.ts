import { setTimeout as sleep } from 'node:timers/promises'
import { LoopDetectedError, raceSignal, UpstreamError } from '@composite-ipfs/interface'
import { ensureOpen } from './delegate.ts'
import type { ClusterContext } from './context.ts'
import type { ClusterPeerId } from './rest-types.ts'
import type { IdOptions, IdResult } from '@composite-ipfs/interface'

/**
 * The identity a composite node over an undercluster shows (`id`): the configured one, else
 * the `ipfs` backend's, else the Kubo behind the REST endpoint that answers (`GET /id` → `.ipfs`).
 * That last one stays stable across failover: once seen, the same Kubo is kept while
 * `GET /peers` still lists it alive, so the overcluster does not see its daemon change ID.
 *
 * The REST lookup runs once at a time: under inception (a peer of the undercluster uses this
 * node as its daemon), `GET /id` makes that peer ask this node for `id` again, and every such
 * nested call would start another lookup, hundreds a second. A call arriving while a lookup is
 * in flight joins it for at most `JOIN_TIMEOUT` ms, then fails with `LoopDetectedError`.
 * The lookup belongs to the connector (it runs on `ctx.lifetime`): a caller that aborts only
 * stops waiting for it, and the others still get its answer.
 */
export class Identity {
  private remembered: string | undefined
  private inflight: Promise<IdResult> | undefined

  constructor (private readonly ctx: ClusterContext, private readonly configured?: { peerId?: string, addresses?: string[] }) {}

  async id (peerId: string | undefined, options: IdOptions = {}): Promise<IdResult> {
    ensureOpen(this.ctx)
    const own = this.configured?.peerId
    if (own !== undefined && (peerId === undefined || peerId === own)) {
      return { ID: own, Addresses: this.configured?.addresses ?? [] }
    }
    if (this.ctx.ipfs?.id !== undefined) return await this.ctx.ipfs.id(peerId, options)
    const self = await raceSignal(this.restIdentity(), options.signal)
    if (peerId !== undefined && peerId !== self.ID) throw new UpstreamError('invalid peer id', { endpoint: this.ctx.label, upstreamStatus: 500 })
    return self
  }

  private async restIdentity (): Promise<IdResult> {
    if (this.inflight !== undefined) return await this.join(this.inflight)
    const lookup = this.lookup(this.ctx.lifetime)
    this.inflight = lookup
    try {
      return await lookup
    } finally {
      this.inflight = undefined
    }
  }

  /** Waits for the lookup in flight, at most `JOIN_TIMEOUT` ms */
  private async join (lookup: Promise<IdResult>): Promise<IdResult> {
    const timer = new AbortController()
    const late = sleep(JOIN_TIMEOUT, undefined, { signal: timer.signal })
      .then(() => { throw new LoopDetectedError(joinTimeoutMessage(this.ctx.label)) })
    late.catch(() => {})
    try {
      return await Promise.race([lookup, late])
    } finally {
      timer.abort()
    }
  }

  private async lookup (signal: AbortSignal): Promise<IdResult> {
    const id = await this.ctx.rest.json<ClusterPeerId>('GET', '/id', { signal })
    const fresh = usable(id)
    if (fresh !== undefined && (this.remembered === undefined || fresh.ID === this.remembered)) {
      this.remembered = fresh.ID
      return fresh
    }
    // another endpoint answered: keep the Kubo we showed before if it is still alive
    for await (const peer of await this.ctx.rest.stream<ClusterPeerId>('GET', '/peers', { signal })) {
      const known = usable(peer)
      if (known !== undefined && known.ID === this.remembered) return known
    }
    if (fresh === undefined) {
      const reason = id?.ipfs?.error ?? 'no IPFS peer ID'
      throw new UpstreamError(`undercluster ${this.ctx.label}: ${reason}`, { endpoint: this.ctx.label, upstreamStatus: 500 })
    }
    this.remembered = fresh.ID
    return fresh
  }
}

/** How long (ms) an `id` call waits for a REST identity lookup already in flight */
const JOIN_TIMEOUT = 2_000

function joinTimeoutMessage (label: string): string {
  return `composition loop suspected: this node's identity comes from undercluster ${label} (GET /id), and the lookup already in flight did not finish in ${JOIN_TIMEOUT} ms;` +
    ' if a peer of that cluster uses this node as its IPFS daemon (inception), give the node an identity of its own (the `ipfs` backend, or `peerId`)'
}

function usable (peer: ClusterPeerId | undefined): IdResult | undefined {
  const ipfs = peer?.ipfs
  if (ipfs?.id == null || ipfs.id === '' || (ipfs.error != null && ipfs.error !== '')) return undefined
  if (peer?.error != null && peer.error !== '') return undefined
  return { ID: ipfs.id, Addresses: ipfs.addresses ?? [] }
}
