/** Characters of a decoded path that change meaning once a hop re-encodes or parses it again */
// eslint-disable-next-line no-control-regex
const HOSTILE_CHARACTERS = /[%?#\\\u0000-\u001f\u007f]/

/**
 * Whether a decoded API path must be refused, by the router and by the authorization check
 * alike, because a hop after them could read it as another command: a `.` or `..` segment
 * (decoded from `%2e`/`%2F`, so WHATWG URL parsing left it alone) that a later URL parser would
 * resolve; a `%` left after decoding (double encoding, decoded again by the next daemon); `?` or
 * `#` (would start a query or fragment once forwarded); a backslash or a control character.
 * No Kubo command has such a path.
 */
export function isHostilePath (path: string): boolean {
  return HOSTILE_CHARACTERS.test(path) || path.split('/').some((segment) => segment === '.' || segment === '..')
}
