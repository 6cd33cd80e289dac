import type { PinTrail } from './trail.ts'
import type { ClusterPeerId } from '../rest-types.ts'

/** An undercluster peer, as named in messages: `peername (id)` */
export function peerLabel (peer: Pick<ClusterPeerId, 'id' | 'peername'>): string {
  return peer.peername != null && peer.peername !== '' ? `${peer.peername} (${peer.id})` : peer.id
}

/**
 * Rule (b), inception and cycles: the undercluster peers that lead back to this composite node,
 * known by the node's marker among the addresses of the daemon each peer reports. A node's `id`
 * carries its own marker and the markers found below it, so a peer carries this node's marker
 * when its daemon is this node (inception) or a composite node whose undercluster leads here.
 */
export function peersAttachedTo (peers: Iterable<ClusterPeerId>, marker: string): ClusterPeerId[] {
  const attached: ClusterPeerId[] = []
  for (const peer of peers) {
    if ((peer.ipfs?.addresses ?? []).includes(marker)) attached.push(peer)
  }
  return attached
}

/**
 * Names the loop: a peer whose daemon answers with this node's own identity (`selfId`, the ID
 * this node's `id` answered last) uses this node directly; the others reach it through
 * composite nodes below.
 */
export function inceptionMessage (attached: ClusterPeerId[], nodeId: string, label: string, command: string, selfId?: string): string {
  const direct = attached.filter(peer => selfId !== undefined && peer.ipfs?.id === selfId)
  const through = attached.filter(peer => !direct.includes(peer))
  const parts: string[] = []
  if (direct.length > 0) parts.push(`undercluster ${label} peer ${direct.map(peerLabel).join(', ')} uses this composite node (${nodeId}) as its IPFS daemon (inception)`)
  if (through.length > 0) parts.push(`undercluster ${label} peer ${through.map(peerLabel).join(', ')} leads back to this composite node (${nodeId}) through the composite nodes below it (a composition cycle)`)
  return `composition loop detected: ${parts.join('; ')}: refusing ${command}`
}

/** The other composite nodes' markers among the peers' daemons: they are below this node */
export function markersBelow (peers: Iterable<ClusterPeerId>, own: string, isMarker: (address: string) => boolean): string[] {
  const found = new Set<string>()
  for (const peer of peers) {
    for (const address of peer.ipfs?.addresses ?? []) {
      if (address !== own && isMarker(address)) found.add(address)
    }
  }
  return [...found]
}

/** Rule (a), depth: a pin (`what`: `pin <cid>`, `add`) this node would write after more than `maxDepth` composite nodes */
export function depthMessage (what: string, trail: PinTrail, nodeId: string, maxDepth: number): string | undefined {
  if (trail.hops <= maxDepth) return undefined
  return `composition loop detected: ${what} went through ${trail.hops} composite nodes, maxDepth ${maxDepth} at ${nodeId} (chain: ${trail.via.join(' -> ')})`
}

export interface ReentryInput {
  cid: string
  nodeId: string
  /** Names the undercluster */
  label: string
  /** This node is still waiting for `cid` to be pinned, for an earlier request */
  pinning: boolean
  /** The trail recorded on the undercluster's pin of `cid`, if a composite node wrote it */
  recorded: PinTrail | undefined
  /** The trail of the request that just arrived (this node last) */
  request: PinTrail
}

/**
 * Rule (a), re-entry: a pin of `cid` arrives while this node is still pinning `cid` for an
 * earlier request, and the undercluster's pin of `cid` records this node in its chain. The
 * second request may have been caused by the first (this node's write went round a cluster hop
 * and came back), or be a concurrent duplicate: two overclusters, or two clients, pinning the
 * same CID through this node at the same moment. Chains cannot tell them apart (a cluster drops
 * our headers, so a request coming back round a loop has the same fresh chain as a legitimate
 * pin), so a suspicion is checked against the undercluster's peers at once (rule b, without
 * waiting for the cached verdict to age): only a cycle found there refuses the pin, and this
 * text then says why it was suspected. Otherwise the duplicate waits for the same pin.
 */
export function reentryMessage (input: ReentryInput): string | undefined {
  const { cid, nodeId, recorded } = input
  if (!input.pinning || recorded === undefined || !recorded.via.includes(nodeId)) return undefined
  return `pin ${cid} came back to ${nodeId} while it is still pinning it in undercluster ${input.label}` +
    ` (undercluster pin chain: ${recorded.via.join(' -> ')}; this request: ${input.request.via.join(' -> ')})`
}
