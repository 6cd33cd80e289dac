/**
 * The chain of composite-node IDs a forwarded request already went through, oldest first,
 * comma-separated like `Via` (`X-Composite-Via: gateway-eu, pinning-1`). Not `Via` itself:
 * reverse proxies rewrite and append to `Via`, and its entries are protocol/host pairs.
 * Mirrored as `COMPOSITE_VIA_HEADER` in `@composite-ipfs/rpc-client`, which sends it.
 */
export const COMPOSITE_VIA_HEADER = 'x-composite-via'

/**
 * How many composite nodes a forwarded request went through (`X-Composite-Hops: 2`). Normally
 * the length of the chain; kept apart so a hop that cannot add its ID (an ipfs-cluster
 * between two composite nodes) can still count. Mirrored in `@composite-ipfs/rpc-client`.
 */
export const COMPOSITE_HOPS_HEADER = 'x-composite-hops'

/** `ctx.state` key: the chain to forward, this node included (`readonly string[]`) */
export const VIA_STATE_KEY = 'composite:via'

/** `ctx.state` key: the hop count to forward, this node included (`number`) */
export const HOPS_STATE_KEY = 'composite:hops'

/** A node ID: a token that needs no quoting in a comma-separated header */
export const NODE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~:@+=-]{0,127}$/

/** @default for `LoopGuardInit.maxDepth` */
export const DEFAULT_MAX_DEPTH = 8
