import { LoopDetectedError } from '@composite-ipfs/interface'
import { LRUCache } from 'lru-cache'
import { readPin } from '../read-pin.ts'
import { isLoopMarker, loopMarker } from './marker.ts'
import { depthMessage, inceptionMessage, markersBelow, peerLabel, peersAttachedTo, reentryMessage } from './rules.ts'
import { outboundTrail, readTrail, trailQuery } from './trail.ts'
import type { PinTrail } from './trail.ts'
import type { RestClient } from '../rest-client.ts'
import type { ClusterPeerId } from '../rest-types.ts'
import type { CallOptions, IdResult, Logger } from '@composite-ipfs/interface'

export interface LoopDetectorOptions {
  nodeId: string
  maxDepth: number
  /** How long a `GET /peers` verdict is kept (ms) */
  peerCheckTtl: number
  logger?: Logger
}

/** A failed peer check is retried this soon (ms): the undercluster may just not be up yet */
const RETRY_AFTER_FAILURE = 2_000
/** `GET /peers` waits for every peer's `id`: bound it */
const PEERS_TIMEOUT = 30_000

/**
 * Loop protection across cluster hops, for one cluster connector: the inception check on the
 * undercluster's peers (rule b), the trail recorded on every pin, and the re-entry and depth
 * checks on pins (rule a). See `rules.ts` for the rules and why.
 */
export class LoopDetector {
  readonly nodeId: string
  /** The address this node adds to its `id` answer to recognise itself (see `loopMarker`) */
  readonly marker: string
  private readonly pinning = new Map<string, number>()
  /** The last peer check's verdict: the peers attached to this node */
  private readonly peerCheck: LRUCache<'peers', ClusterPeerId[]>
  private reported = ''
  /** The markers of the composite nodes below this one, from the last peer check */
  private below: string[] = []
  /** The peer ID this node's `id` answered last */
  private selfId: string | undefined

  constructor (private readonly rest: RestClient, private readonly label: string, private readonly options: LoopDetectorOptions) {
    this.nodeId = options.nodeId
    this.marker = loopMarker(options.nodeId)
    this.peerCheck = new LRUCache({
      max: 1,
      ttl: Math.max(1, options.peerCheckTtl), // lru-cache reads 0 as "for ever"
      allowStale: true, // a verdict past its TTL answers while the next check runs
      fetchMethod: async (_key, stale, { signal, options: entry }) => {
        try {
          const peers = await this.listPeers(signal)
          const attached = peersAttachedTo(peers, this.marker)
          this.below = markersBelow(peers, this.marker, isLoopMarker)
          this.report(attached)
          return attached
        } catch {
          entry.ttl = RETRY_AFTER_FAILURE
          return stale ?? []
        }
      }
    })
  }

  /**
   * This node's own `id` answer carries its marker and the markers of the composite nodes below
   * it, so that a node above can tell when its undercluster leads back to itself (a cycle of
   * any length, found one peer check per hop).
   */
  mark (id: IdResult): IdResult {
    this.selfId = id.ID
    const addresses = id.Addresses ?? []
    const extra = [this.marker, ...this.below].filter(marker => !addresses.includes(marker))
    return extra.length === 0 ? id : { ...id, Addresses: [...addresses, ...extra] }
  }

  /** Starts the peer check without waiting for it, e.g. when the host starts */
  prime (): void {
    void this.attachedPeers()
  }

  /** Throws `LoopDetectedError` when an undercluster peer uses this node as its IPFS daemon */
  async refuseInception (command: string): Promise<void> {
    const attached = await this.attachedPeers()
    // abortStream: thrown from a pin wait after its first byte, the stream must not end cleanly
    if (attached.length > 0) throw new LoopDetectedError(inceptionMessage(attached, this.nodeId, this.label, command, this.selfId), { abortStream: true })
  }

  /**
   * The trail a pin written for this request records; refuses one deeper than `maxDepth`.
   * `what` names the write in the message: `pin <cid>`, `add`.
   */
  trail (what: string, options: Pick<CallOptions, 'via' | 'hops'> = {}): PinTrail {
    const trail = outboundTrail(this.nodeId, options)
    const deep = depthMessage(what, trail, this.nodeId, this.options.maxDepth)
    if (deep !== undefined) throw new LoopDetectedError(deep, { abortStream: true })
    return trail
  }

  /** `meta-composite-via` and `meta-composite-hops` for a pin or add of this request */
  metadata (what: string, options: Pick<CallOptions, 'via' | 'hops'> = {}): Record<string, string> {
    return trailQuery(this.trail(what, options))
  }

  /**
   * Registers a pin of `cid` this node is about to wait for (rule a). A pin that arrives while
   * this node still pins `cid`, when the undercluster's pin records this node in its chain, may
   * have come back round a loop, or be a concurrent duplicate from another client: the peer
   * check runs again at once (not waiting for `peerCheckTtl`), and the pin is refused only when
   * it finds a cycle; a duplicate joins the pin in flight. Returns the function that ends the
   * registration.
   */
  async enterPin (cid: string, request: PinTrail, signal?: AbortSignal): Promise<() => void> {
    const pinning = (this.pinning.get(cid) ?? 0) > 0
    // registered first: a request coming back while we look things up must see this one
    this.pinning.set(cid, (this.pinning.get(cid) ?? 0) + 1)
    let released = false
    const release = (): void => {
      if (released) return
      released = true
      const left = (this.pinning.get(cid) ?? 1) - 1
      if (left > 0) this.pinning.set(cid, left)
      else this.pinning.delete(cid)
    }
    try {
      if (pinning) {
        const recorded = readTrail((await readPin({ rest: this.rest }, cid, signal))?.metadata)
        const suspect = reentryMessage({ cid, nodeId: this.nodeId, label: this.label, pinning, recorded, request })
        if (suspect !== undefined) {
          const attached = await this.attachedPeers(true)
          if (attached.length > 0) throw new LoopDetectedError(`${inceptionMessage(attached, this.nodeId, this.label, `pin ${cid}`, this.selfId)}; ${suspect}`, { abortStream: true })
        }
      }
    } catch (err) {
      release()
      throw err
    }
    return release
  }

  /**
   * Undercluster peers attached to this node, from `GET /peers` (each peer asks its daemon for
   * `id` then). The first check is awaited; later ones run in the background once the verdict
   * is `peerCheckTtl` old, the last verdict answering meanwhile, so a slow `GET /peers` never
   * delays commands in a healthy composition. A failed check counts as "none" and is retried
   * soon: the commands then reach the undercluster, and fail there if it is down.
   */
  private async attachedPeers (fresh = false): Promise<ClusterPeerId[]> {
    return await this.peerCheck.fetch('peers', fresh ? { forceRefresh: true, allowStale: false } : {}) ?? []
  }

  private async listPeers (signal: AbortSignal): Promise<ClusterPeerId[]> {
    const peers: ClusterPeerId[] = []
    for await (const peer of await this.rest.stream<ClusterPeerId>('GET', '/peers', { timeout: PEERS_TIMEOUT, signal })) peers.push(peer)
    return peers
  }

  /** Tells the host once each time the set of attached peers changes */
  private report (attached: ClusterPeerId[]): void {
    const names = attached.map(peerLabel).join(', ')
    if (names === this.reported) return
    this.reported = names
    this.options.logger?.warn(names === ''
      ? `loop detection: no peer of undercluster ${this.label} uses this composite node (${this.nodeId}) as its IPFS daemon any more`
      : `loop detection: undercluster ${this.label} peer ${names} leads back to this composite node (${this.nodeId}) (inception, or a composition cycle): pins, unpins, adds and pin listings are refused`)
  }
}
