import { createHash } from 'node:crypto'

/** Every marker starts so; nothing else in a Kubo `id` answer does */
const MARKER_PREFIX = '/unix/composite-ipfs-node-'

/**
 * The address a composite node adds to its own `id` answer, so that it can recognise itself
 * among an undercluster's peers. ipfs-cluster reports, for each peer, the `id` answer of the
 * daemon behind it (`GET /peers` → `ipfs.addresses`), never the daemon's API address, and a
 * composite node answers with a Kubo's identity: the marker is the only trace of "this peer's
 * daemon is me" that survives the cluster. A `/unix/...` multiaddr parses everywhere (Go and JS
 * multiaddr), is never public (ipfs-cluster leaves it out of its ping metric), and a Kubo asked
 * to `swarm/connect` to it fails at once (no peer ID, no unix transport), without any dial.
 * The node ID is hashed: the marker must be one path segment of `[a-z0-9-]`.
 *
 * @example
 * ```ts
 * loopMarker('gateway-eu') // '/unix/composite-ipfs-node-6c1c5e0b0b8b6b5a9d3f6f1a2e4c7d90'
 * ```
 */
export function loopMarker (nodeId: string): string {
  return `${MARKER_PREFIX}${createHash('sha256').update(nodeId, 'utf8').digest('hex').slice(0, 32)}`
}

/** Whether an address is a composite node's marker (any node's) */
export function isLoopMarker (address: string): boolean {
  return address.startsWith(MARKER_PREFIX)
}
