import { queryUnescape } from '../request/query.ts'

export interface CleanPath {
  /** The relative `/`-separated path (`a/b.txt`), `''` for the root */
  path: string
  /**
   * Whether a `..` tried to climb above the root (Go's `path.Clean` silently drops it). For an
   * upload name ({@link partPath}) this also counts `..` between backslashes (`..\x`): Kubo keeps
   * such a name as one segment, but it climbs when the file is later written out on Windows.
   */
  escapes: boolean
}

/** Go's `path.Clean("/" + name)`, returned without the leading `/` */
export function cleanPath (name: string): CleanPath {
  const segments: string[] = []
  let escapes = false
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.') {
      continue
    }
    if (segment === '..') {
      if (segments.length === 0) {
        escapes = true
      } else {
        segments.pop()
      }
      continue
    }
    segments.push(segment)
  }
  return { path: segments.join('/'), escapes }
}

/**
 * boxo `fileName`: the `filename` parameter is query-unescaped (`+` is a space, so both
 * `url.QueryEscape` and `encodeURIComponent` names decode), kept as-is when the escape is
 * malformed, then cleaned as a rooted path.
 */
export function partPath (filename: string | undefined): CleanPath {
  const raw = filename ?? ''
  const name = queryUnescape(raw) ?? raw
  const cleaned = cleanPath(name)
  return { path: cleaned.path, escapes: cleaned.escapes || (name.includes('\\') && cleanPath(name.replaceAll('\\', '/')).escapes) }
}
