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
