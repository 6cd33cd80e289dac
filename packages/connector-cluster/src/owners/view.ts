import type { ClaimRecord, Ownership } from './claim-record.ts'
import type { ClusterPin } from '../rest-types.ts'

/**
 * What a composite node answers for a pin of its undercluster (Kubo's meaning of pin/ls:
 * what this daemon has pinned): its own claim; the undercluster's own pin (no composite node
 * manages it, or it has a base claim) when `showUndercluster`; nothing for a pin that only
 * other nodes hold, or that is expiring after its last owner left.
 */
export type Standing =
  | { kind: 'own', claim: ClaimRecord }
  | { kind: 'undercluster' }
  | { kind: 'none' }

export function standingOf (ownership: Ownership, nodeId: string, showUndercluster: boolean): Standing {
  const claim = ownership.owners.get(nodeId)
  if (claim !== undefined) return { kind: 'own', claim }
  if (showUndercluster && (!ownership.managed || ownership.base !== undefined)) return { kind: 'undercluster' }
  return { kind: 'none' }
}

/** The Kubo pin type and name a node answers with, for a pin it answers for */
export function answeredAs (standing: Standing, pin: Pick<ClusterPin, 'name' | 'max_depth' | 'mode'>, base?: ClaimRecord): { type: 'direct' | 'recursive', name: string } | undefined {
  if (standing.kind === 'own') return { type: standing.claim.d === 1 ? 'direct' : 'recursive', name: standing.claim.k ?? standing.claim.n ?? '' }
  if (standing.kind === 'none') return undefined
  const direct = pin.mode === undefined ? pin.max_depth === 0 : pin.mode === 'direct'
  return { type: direct ? 'direct' : 'recursive', name: base?.n ?? pin.name ?? '' }
}
