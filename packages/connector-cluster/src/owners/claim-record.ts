import type { ClusterPin } from '../rest-types.ts'

/**
 * Metadata keys of a shared undercluster pin (see docs/topologies.md, "Ownership").
 * ipfs-cluster keeps one pin per CID; composite nodes that share an undercluster record who
 * holds it in that pin's metadata, one key per owner, so no node removes what another holds.
 */
/** `composite-owner.<node ID>`: one owner's claim (a compact JSON `ClaimRecord`) */
export const OWNER_PREFIX = 'composite-owner.'
/** The options of a pin that existed before any composite node claimed it: the undercluster's own claim */
export const BASE_KEY = 'composite-base'
/** When the last owner left: the pin expires `releaseGrace` after this (RFC 3339) */
export const RELEASED_KEY = 'composite-released'
/** Every key this package writes starts so; user metadata may not */
export const RESERVED_PREFIX = 'composite-'
/** A tenant label: short, and safe in pin names and metadata */
export const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
export const TENANT_RULE = '1 to 64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit'
/** The shortest release grace (ms): ipfs-cluster refuses an `expire-in` under a second */
export const MIN_RELEASE_GRACE = 1_000

/** What one owner asked for, as recorded on the undercluster pin */
export interface ClaimRecord {
  /** Tenant label (`--tenant`) */
  t?: string
  /** The pin name this owner asked for, rendered from the name template (what the undercluster shows) */
  n?: string
  /**
   * The name the Kubo client gave (pin/add `name`), when it differs from `n`: pin/ls through this
   * node answers it, as Kubo would ("" when the client gave none)
   */
  k?: string
  /** The metadata this owner asked for */
  m?: Record<string, string>
  /** replication-min / replication-max this owner asked for (absent: the undercluster's default) */
  min?: number
  max?: number
  /** 1 when the owner pinned directly (not recursively) */
  d?: 1
  /** When this owner's claim expires (RFC 3339), from an overcluster pin with an expiry */
  e?: string
  /** When the claim was first made (RFC 3339): claims are ordered by it */
  at: string
}

/** Who holds a pin, read from its metadata */
export interface Ownership {
  /** Claims by node ID */
  owners: Map<string, ClaimRecord>
  /** The undercluster's own claim: the pin existed before any composite node claimed it */
  base?: ClaimRecord
  /** Set when the last owner left: the pin is expiring */
  released?: string
  /** Whether composite nodes manage this pin at all; a pin they never touched belongs to the undercluster */
  managed: boolean
  /** The pin's metadata that composite nodes did not write (loop trail keys aside) */
  other: Record<string, string>
}

/** Reads who holds `pin`; a pin no composite node wrote is the undercluster's own */
export function readOwnership (metadata: Record<string, string> | null | undefined): Ownership {
  const owners = new Map<string, ClaimRecord>()
  const other: Record<string, string> = {}
  let base: ClaimRecord | undefined
  let released: string | undefined
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (key.startsWith(OWNER_PREFIX)) {
      const record = parseRecord(value)
      if (record !== undefined) owners.set(key.slice(OWNER_PREFIX.length), record)
    } else if (key === BASE_KEY) {
      base = parseRecord(value)
    } else if (key === RELEASED_KEY) {
      released = value
    } else if (!key.startsWith(RESERVED_PREFIX)) {
      other[key] = value
    }
  }
  return { owners, base, released, managed: owners.size > 0 || base !== undefined || released !== undefined, other }
}

/** The undercluster's own claim on a pin no composite node managed yet: its options as they are */
export function baseRecord (pin: ClusterPin, metadata: Record<string, string>): ClaimRecord {
  const record: ClaimRecord = { at: pin.timestamp ?? new Date(0).toISOString() }
  if (pin.name !== undefined && pin.name !== '') record.n = pin.name
  if (Object.keys(metadata).length > 0) record.m = metadata
  if (pin.replication_factor_min !== undefined) record.min = pin.replication_factor_min
  if (pin.replication_factor_max !== undefined) record.max = pin.replication_factor_max
  if (pin.max_depth === 0) record.d = 1
  if (pin.expire_at !== undefined && !isZeroTime(pin.expire_at)) record.e = pin.expire_at
  return record
}

export function encodeRecord (record: ClaimRecord): string {
  return JSON.stringify(record)
}

function parseRecord (value: string): ClaimRecord | undefined {
  try {
    const parsed = JSON.parse(value) as unknown
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
    const record = parsed as ClaimRecord
    return typeof record.at === 'string' ? record : { ...record, at: new Date(0).toISOString() }
  } catch {
    // a hand-written value: still a claim (never dropped), with no options of its own
    return { at: new Date(0).toISOString() }
  }
}

/** ipfs-cluster writes an unset expiry as Go's zero time (or the Unix epoch) */
export function isZeroTime (value: string | undefined): boolean {
  return value === undefined || value === '' || value.startsWith('0001-01-01') || value.startsWith('1970-01-01T00:00:00')
}
