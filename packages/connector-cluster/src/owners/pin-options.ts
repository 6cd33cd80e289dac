import { replicationQuery } from '../query.ts'
import { BASE_KEY, encodeRecord, OWNER_PREFIX, RELEASED_KEY } from './claim-record.ts'
import type { ClaimRecord, Ownership } from './claim-record.ts'

/** The longest pin name written: the names of many owners are joined */
const MAX_NAME = 512

export interface PinWrite {
  /** REST pin options (`replication-min`, `name`, `mode`, `expire-at`, `meta-*`) */
  query: Record<string, string>
  /** Direct pins go through the path route (see `ClaimWrites`) */
  direct: boolean
}

/**
 * The pin options that make one undercluster pin serve every claim on it:
 * - replication: the largest any claim asked for (`-1`, everywhere, is the largest);
 * - name: every claim's name, oldest claim first, joined by `; ` (one claim: its name as it is);
 * - metadata: every claim's, the oldest claim winning a key, plus the claims themselves;
 * - mode: direct only while every claim is direct (a recursive pin covers a direct one, and
 *   ipfs-cluster refuses to turn a recursive pin direct again); a released pin keeps its mode;
 * - expiry: none while a claim is left (an overcluster's own expiry, recorded in its owner's
 *   claim, is the overcluster's to act on: it unpins at expiry, and it may re-pin without one
 *   without asking its daemon again); `released + grace` once no claim is left.
 *
 * @example
 * ```ts
 * pinWrite({ owners: new Map([['node-a', { n: 'photos', min: 2, max: 3, at }]]), managed: true, other: {} }, { grace: 3_600_000 })
 * // { query: { 'replication-min': '2', 'replication-max': '3', name: 'photos', 'meta-composite-owner.node-a': '{...}' }, direct: false }
 * ```
 */
export function pinWrite (ownership: Ownership, options: { grace: number, wasRecursive?: boolean }): PinWrite {
  const claims = orderedClaims(ownership)
  const query: Record<string, string> = {}
  const { min, max } = replication(claims)
  Object.assign(query, replicationQuery(min, max))
  const name = joinedName(claims)
  if (name !== '') query.name = name
  for (const [key, value] of Object.entries(mergedMetadata(claims, ownership.other))) query[`meta-${key}`] = value
  for (const [id, record] of ownership.owners) query[`meta-${OWNER_PREFIX}${id}`] = encodeRecord(record)
  if (ownership.base !== undefined) query[`meta-${BASE_KEY}`] = encodeRecord(ownership.base)
  const expiry = expiryOf(ownership, options.grace)
  if (expiry !== undefined) query['expire-at'] = expiry
  if (ownership.released !== undefined && claims.length === 0) query[`meta-${RELEASED_KEY}`] = ownership.released
  const direct = claims.length === 0
    ? options.wasRecursive === false
    : options.wasRecursive !== true && claims.every(c => c.d === 1)
  if (direct) query.mode = 'direct'
  return { query, direct }
}

/**
 * The undercluster's own pin as it was before composite nodes claimed it: what is written once
 * the last of them left a pin that had a base claim (no composite key stays on it). A pin that
 * became recursive meanwhile stays recursive: ipfs-cluster refuses to turn it direct again.
 */
export function baseWrite (base: ClaimRecord, options: { wasRecursive?: boolean }): PinWrite {
  const query: Record<string, string> = {}
  Object.assign(query, replicationQuery(base.min, base.max))
  if (base.n !== undefined && base.n !== '') query.name = base.n
  for (const [key, value] of Object.entries(base.m ?? {})) query[`meta-${key}`] = value
  if (base.e !== undefined && Date.parse(base.e) > Date.now() + MIN_EXPIRY) query['expire-at'] = base.e
  const direct = base.d === 1 && options.wasRecursive !== true
  if (direct) query.mode = 'direct'
  return { query, direct }
}

/** The base claim first, then every owner's by the time it was made (node ID breaks ties) */
export function orderedClaims (ownership: Ownership): ClaimRecord[] {
  const owners = [...ownership.owners.entries()]
    .sort(([a, x], [b, y]) => x.at < y.at ? -1 : x.at > y.at ? 1 : a < b ? -1 : a > b ? 1 : 0)
    .map(([, record]) => record)
  return ownership.base === undefined ? owners : [ownership.base, ...owners]
}

function replication (claims: ClaimRecord[]): { min?: number, max?: number } {
  let min: number | undefined
  let max: number | undefined
  for (const claim of claims) {
    if (claim.min === -1 || claim.max === -1) return { min: -1, max: -1 }
    if (claim.min !== undefined) min = Math.max(min ?? 0, claim.min)
    if (claim.max !== undefined) max = Math.max(max ?? 0, claim.max)
  }
  if (min !== undefined && max !== undefined && max < min) max = min
  return { min, max }
}

function joinedName (claims: ClaimRecord[]): string {
  const names = [...new Set(claims.map(c => c.n ?? '').filter(n => n !== ''))]
  const joined = names.join('; ')
  return joined.length <= MAX_NAME ? joined : `${joined.slice(0, MAX_NAME - 1)}…`
}

function mergedMetadata (claims: ClaimRecord[], other: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = {}
  for (const claim of claims) {
    for (const [key, value] of Object.entries(claim.m ?? {})) {
      if (!(key in merged)) merged[key] = value
    }
  }
  // a released pin keeps the metadata it had, for whoever looks at it before it expires
  return claims.length === 0 ? { ...other } : merged
}

/** ipfs-cluster refuses an expiry in the past: a late write never sets one closer than this (ms) */
const MIN_EXPIRY = 2_000

function expiryOf (ownership: Ownership, grace: number): string | undefined {
  if (orderedClaims(ownership).length > 0) return undefined
  const released = Date.parse(ownership.released ?? '')
  const at = (Number.isNaN(released) ? Date.now() : released) + grace
  return new Date(Math.max(at, Date.now() + MIN_EXPIRY)).toISOString()
}
