/**
 * The request path as Kubo checks it: Go's `r.URL.Path` is percent-decoded, and go-ipfs-cmds
 * routes on that decoded path too. `undefined` when the path cannot be decoded.
 */
export function decodedPath (pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname)
  } catch {
    return undefined
  }
}

/** Characters a command path (or a path argument) never needs, and that change meaning downstream */
const HOSTILE_CHARACTERS = /[%?#\\\u0000-\u001f\u007f]/

/**
 * Whether a decoded API path is one we refuse to authorize at all, because a hop after the
 * check could read it as another command: a `.` or `..` segment (decoded from `%2e`/`%2F`, so
 * WHATWG URL parsing left it alone) that a later URL parser would resolve; a `%` left after
 * decoding (double encoding, decoded again by the next daemon); `?` or `#` (would start a query
 * or fragment once forwarded); a backslash or a control character. Kubo would 404 or redirect
 * these; a composite node forwards paths, so they are refused before the prefix check.
 */
export function isHostilePath (path: string): boolean {
  if (HOSTILE_CHARACTERS.test(path)) {
    return true
  }
  return path.split('/').some((segment) => segment === '.' || segment === '..')
}
