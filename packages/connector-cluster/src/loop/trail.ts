import type { CallOptions } from '@composite-ipfs/interface'

/** Pin metadata key: the composite nodes the pin request went through, oldest first, comma-separated */
export const VIA_METADATA = 'composite-via'

/** Pin metadata key: how many composite nodes the pin request went through */
export const HOPS_METADATA = 'composite-hops'

/** Where a request has been, as this node forwards it: the chain ends with this node */
export interface PinTrail {
  via: string[]
  hops: number
}

/**
 * The trail a pin written by `nodeId` records: the request's `via` (set by loopGuard, which
 * already appended this node) with `nodeId` appended when missing, and a hop count of at least
 * the chain's length. Without loopGuard the chain is just `[nodeId]`, one hop.
 */
export function outboundTrail (nodeId: string, options: Pick<CallOptions, 'via' | 'hops'> = {}): PinTrail {
  const via = [...(options.via ?? [])]
  if (via.at(-1) !== nodeId) via.push(nodeId)
  const inbound = options.hops ?? 0
  // loopGuard's hops already count this node when its ID closes `via`
  const hops = options.via?.at(-1) === nodeId ? inbound : inbound + 1
  return { via, hops: Math.max(hops, via.length) }
}

/** `meta-composite-via` and `meta-composite-hops`, as REST pin options */
export function trailQuery (trail: PinTrail): Record<string, string> {
  return { [`meta-${VIA_METADATA}`]: trail.via.join(','), [`meta-${HOPS_METADATA}`]: String(trail.hops) }
}

/** The trail an undercluster pin recorded; `undefined` when no composite node wrote it */
export function readTrail (metadata: Record<string, string> | null | undefined): PinTrail | undefined {
  const viaText = metadata?.[VIA_METADATA]
  if (viaText === undefined || viaText === '') return undefined
  const via = viaText.split(',').map(id => id.trim()).filter(id => id !== '')
  const hops = Number.parseInt(metadata?.[HOPS_METADATA] ?? '', 10)
  return { via, hops: Math.max(Number.isInteger(hops) ? hops : 0, via.length) }
}
