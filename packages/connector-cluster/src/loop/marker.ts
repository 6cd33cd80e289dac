import { createHash } from 'node:crypto'

/** Every marker starts so; nothing else in a Kubo `id` answer does */
const MARKER_PREFIX = '/dns/composite-ipfs-node-'
/** The marker's DNS name is in `.invalid` (RFC 6761): no resolver may ever answer for it */
const MARKER_SUFFIX = '.invalid/tcp/4001'
/** The marker of earlier composite nodes (a `/unix/...` path), still recognised in an undercluster being upgraded */
const OLD_MARKER_PREFIX = '/unix/composite-ipfs-node-'

/**
 * The address a composite node adds to its own `id` answer, so that it can recognise itself
 * among an undercluster's peers. ipfs-cluster reports, for each peer, the `id` answer of the
 * daemon behind it (`GET /peers` → `ipfs.addresses`), never the daemon's API address, and a
 * composite node answers with a Kubo's identity: the marker is the only trace of "this peer's
 * daemon is me" that survives the cluster.
 *
 * It is a peer address that every multiaddr parser accepts and libp2p's validation passes (a
 * DNS host and a TCP port, as kubo-rpc-client's `routing.findPeer` requires of every address),
 * and that can never be dialled: the host is a name under `.invalid`, which RFC 6761 reserves
 * so that it never resolves, and it has no `/p2p/` peer ID, so a Kubo asked to `swarm/connect`
 * to it (ipfs-cluster's ConnectSwarms asks for every address of every peer) refuses at once.
 * The node ID is hashed: the marker must be one DNS label of `[a-z0-9-]`.
 *
 * @example
 * ```ts
 * loopMarker('gateway-eu') // '/dns/composite-ipfs-node-6c1c5e0b0b8b6b5a9d3f6f1a2e4c7d90.invalid/tcp/4001'
 * ```
 */
export function loopMarker (nodeId: string): string {
  return `${MARKER_PREFIX}${createHash('sha256').update(nodeId, 'utf8').digest('hex').slice(0, 32)}${MARKER_SUFFIX}`
}

/** Whether an address is a composite node's marker (any node's, of this version or an older one) */
export function isLoopMarker (address: string): boolean {
  return (address.startsWith(MARKER_PREFIX) && address.endsWith(MARKER_SUFFIX)) || address.startsWith(OLD_MARKER_PREFIX)
}
