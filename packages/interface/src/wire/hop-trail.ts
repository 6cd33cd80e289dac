import type { CallOptions } from '../options.ts'

/**
 * The chain of composite-node IDs a forwarded request already went through, oldest first,
 * comma-separated like `Via` (`X-Composite-Via: gateway-eu, pinning-1`). Not `Via` itself:
 * reverse proxies rewrite and append to `Via`, and its entries are protocol/host pairs.
 * loop-guard reads it; rpc-client writes it.
 */
export const COMPOSITE_VIA_HEADER = 'x-composite-via'

/**
 * How many composite nodes a forwarded request went through (`X-Composite-Hops: 2`). Normally
 * the length of the chain; kept apart so a hop that cannot add its ID (an ipfs-cluster
 * between two composite nodes) can still count.
 */
export const COMPOSITE_HOPS_HEADER = 'x-composite-hops'

/** `ctx.state` key: the chain to forward, this node included (`readonly string[]`) */
export const VIA_STATE_KEY = 'composite:via'

/** `ctx.state` key: the hop count to forward, this node included (`number`) */
export const HOPS_STATE_KEY = 'composite:hops'

/** A node ID: a token that needs no quoting in a comma-separated header */
export const NODE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~:@+=-]{0,127}$/

/** The outbound hop headers of a trail: none without `via` or `hops` */
export function hopHeaders (trail: { via?: readonly string[], hops?: number }): Record<string, string> {
  const via = trail.via ?? []
  const headers: Record<string, string> = {}
  if (via.length > 0) headers[COMPOSITE_VIA_HEADER] = via.join(', ')
  if (trail.hops !== undefined || via.length > 0) headers[COMPOSITE_HOPS_HEADER] = String(Math.max(trail.hops ?? 0, via.length))
  return headers
}

/**
 * The trail a request's backend calls carry, from what the loop guard put in `ctx.state`
 * (`{}` without it). The server adds it to every call itself: a host cannot forget it.
 */
export function hopCallOptions (state: ReadonlyMap<string, unknown>): Pick<CallOptions, 'via' | 'hops'> {
  const via = state.get(VIA_STATE_KEY)
  const hops = state.get(HOPS_STATE_KEY)
  return {
    ...(Array.isArray(via) ? { via: via as readonly string[] } : {}),
    ...(typeof hops === 'number' ? { hops } : {})
  }
}
