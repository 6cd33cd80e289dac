const CANONICAL = new Map<string, string>()
/** Bounds the cache: header names come from a fixed set in practice, but middleware may vary them */
const CANONICAL_MAX = 1024
/** An RFC 7230 token: Go canonicalises only those, and leaves any other name as it is */
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/

/**
 * Go's `http.CanonicalHeaderKey`, the form Go writes and sorts headers by: `x-custom-header`
 * is `X-Custom-Header`
 */
export function canonicalHeaderName (name: string): string {
  let canonical = CANONICAL.get(name)
  if (canonical === undefined) {
    canonical = TOKEN.test(name) ? name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase()) : name
    if (CANONICAL.size >= CANONICAL_MAX) CANONICAL.clear()
    CANONICAL.set(name, canonical)
  }
  return canonical
}

/** An `Authorization: Basic` value: `user:password`, UTF-8, base64 (RFC 7617) */
export function basicAuthorization (username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`
}

/**
 * The request ID a composite node reads from its caller (or makes) and sends to every upstream
 * call it makes for that request: the same request can be found in each level's access log.
 */
export const REQUEST_ID_HEADER = 'x-request-id'

/** A request ID taken from a caller: printable, without spaces, at most 128 characters */
export const REQUEST_ID_PATTERN = /^[\x21-\x7e]{1,128}$/
