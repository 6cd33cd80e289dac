import { createHash, timingSafeEqual } from 'node:crypto'

/** An entry whose secret is known only by the digest of its header value */
export interface SecretEntry {
  readonly digest: Buffer
}

/** SHA-256: every header, whatever its length, becomes 32 bytes that `timingSafeEqual` can compare */
export function digestOf (header: string): Buffer {
  return createHash('sha256').update(header, 'utf8').digest()
}

/**
 * Finds the entry whose header value equals `header`, in time that does not depend on where
 * (or whether) the header differs from a secret: the header is hashed once, and its digest is
 * compared with every entry's digest with `timingSafeEqual`, without stopping at a match.
 * A missing header is compared as `''`, which no entry has (Go's `Header.Get` gives `""`).
 */
export function matchSecret<E extends SecretEntry> (entries: readonly E[], header: string | undefined): E | undefined {
  const digest = digestOf(header ?? '')
  let found: E | undefined
  for (const entry of entries) {
    const equal = timingSafeEqual(digest, entry.digest)
    if (equal && found === undefined) {
      found = entry
    }
  }
  return found
}
