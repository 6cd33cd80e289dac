import { randomBytes } from 'node:crypto'
import { coalesce } from './coalesce.ts'
import type { FileEntry } from '@composite-ipfs/interface'

/** A streaming `multipart/form-data` request body */
export interface MultipartBody {
  /** `multipart/form-data; boundary=…`, for the request's Content-Type */
  contentType: string
  body: AsyncIterable<Uint8Array>
}

export interface EncodeMultipartOptions {
  /** @default 60 random hex characters, as Go's `multipart.Writer` makes them */
  boundary?: string
  /**
   * Join part headers and small contents that are ready at the same time into chunks of up to
   * this many bytes (each chunk is one socket write); contents of 16 KiB and more pass through
   * as they are. Nothing waits for more data: what is held goes out as soon as the entries or
   * their contents have to wait for I/O. `0` yields every part header and content chunk on its
   * own, pulling nothing before it is asked for.
   *
   * @default 0
   */
  batchBytes?: number
}

const CONTENT_TYPES = {
  file: 'application/octet-stream',
  directory: 'application/x-directory',
  symlink: 'application/symlink'
} as const

const encoder = new TextEncoder()

/** `file?mode=0644&mtime=…&mtime-nsecs=…`: UnixFS metadata travels in the field name */
function fieldName (entry: FileEntry): string {
  const params: string[] = []
  if (entry.mode !== undefined && entry.mode !== 0) params.push(`mode=0${entry.mode.toString(8)}`)
  if (entry.mtime !== undefined) {
    params.push(`mtime=${entry.mtime.secs}`)
    if (entry.mtime.nsecs !== undefined && entry.mtime.nsecs > 0) params.push(`mtime-nsecs=${entry.mtime.nsecs}`)
  }
  return params.length === 0 ? 'file' : `file?${params.join('&')}`
}

function headerOf (entry: FileEntry, name: string): string | undefined {
  for (const [key, value] of Object.entries(entry.headers ?? {})) {
    if (key.toLowerCase() === name) return value
  }
  return undefined
}

function partHeader (entry: FileEntry, boundary: string, first: boolean): Uint8Array {
  const lines = [`${first ? '' : '\r\n'}--${boundary}`]
  // Go's textproto writes header names sorted; abspath headers feed Kubo's filestore (`nocopy`)
  for (const [name, wire] of [['abspath', 'Abspath'], ['abspath-encoded', 'Abspath-Encoded']]) {
    const value = headerOf(entry, name)
    if (value !== undefined) lines.push(`${wire}: ${value.replace(/[\r\n]/g, '')}`)
  }
  lines.push(`Content-Disposition: form-data; name="${fieldName(entry)}"; filename="${encodeURIComponent(entry.path)}"`)
  lines.push(`Content-Type: ${CONTENT_TYPES[entry.type]}`)
  return encoder.encode(`${lines.join('\r\n')}\r\n\r\n`)
}

/**
 * Encodes file entries as the multipart body Kubo's `add`, `block/put` and `dag/put` read,
 * the way Go's `files.MultiFileReader` writes it: one part per entry named `file` (with
 * `?mode=&mtime=` when set), the path percent-encoded in `filename`, and the type in the
 * part's Content-Type. Content is streamed chunk by chunk, never buffered; each entry's
 * content is drained before the next entry is pulled, as {@link FileEntry} requires.
 * Set `batchBytes` to send many small files in few writes.
 *
 * @example
 * ```ts
 * const { contentType, body } = encodeMultipart(entries, { batchBytes: 64 * 1024 })
 * await client.request({ path: '/api/v0/add', headers: { 'content-type': contentType }, body })
 * ```
 */
export function encodeMultipart (entries: AsyncIterable<FileEntry> | Iterable<FileEntry>, options: EncodeMultipartOptions = {}): MultipartBody {
  const boundary = options.boundary ?? randomBytes(30).toString('hex')
  async function * body (): AsyncGenerator<Uint8Array, void, undefined> {
    let first = true
    for await (const entry of entries) {
      yield partHeader(entry, boundary, first)
      first = false
      if (entry.type === 'directory' || entry.content === undefined) continue
      for await (const chunk of entry.content) {
        if (chunk.byteLength > 0) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk
      }
    }
    yield encoder.encode(`${first ? '' : '\r\n'}--${boundary}--\r\n`)
  }
  const batchBytes = options.batchBytes ?? 0
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: batchBytes > 0 ? coalesce(body(), batchBytes) : body() }
}
