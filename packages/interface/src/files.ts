/**
 * One entry of a multipart upload (`add`, `block/put`, `dag/put`), as the server parsed it.
 *
 * Entries arrive in upload order and are produced lazily: an entry's `content` must be consumed
 * (or abandoned) before the next entry is read, because they share one request stream.
 */
export interface FileEntry {
  /** The cleaned, `/`-separated relative path (`a/b.txt`); `''` for an unnamed part */
  path: string
  type: 'file' | 'directory' | 'symlink'
  /** File bytes, or the symlink target; absent for directories */
  content?: AsyncIterable<Uint8Array>
  /** UnixFS mode from `?mode=` in the field name */
  mode?: number
  /** UnixFS mtime from `?mtime=&mtime-nsecs=` in the field name */
  mtime?: { secs: bigint, nsecs?: number }
  /** Part headers that matter to forwarders (`abspath`) */
  headers?: Record<string, string>
}

/** A stream of bytes with optional metadata: cat, get, block/get, dag/get, dag/export */
export interface ByteStream {
  /** The full length when known in advance (sent as `X-Content-Length`) */
  length?: bigint
  /** The content type to answer with, when not the command's default */
  contentType?: string
  body: AsyncIterable<Uint8Array>
}
