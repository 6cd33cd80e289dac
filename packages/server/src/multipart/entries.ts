import { parseMediaType } from '../request/media-type.ts'
import { queryUnescape } from '../request/query.ts'
import { PathTooLongError, PathTraversalError } from '../errors.ts'
import { fieldMeta } from './field-meta.ts'
import { partPath } from './filename.ts'
import type { RawPart } from './parts.ts'
import type { FileEntry } from '@composite-ipfs/interface'

export interface EntriesOptions {
  /** Refuse names that climb above the root instead of dropping the `..` like Kubo */
  rejectPathTraversal?: boolean
  /** Longest cleaned path accepted, in UTF-8 bytes (default: no limit) */
  maxPathLength?: number
  /** Most `/`-separated segments a cleaned path may have (default: no limit) */
  maxPathDepth?: number
}

/** A name shortened for an error message: the client sent it, but it may be huge */
function shown (name: string | undefined): string {
  const text = name ?? ''
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text)
}

/** Refuses a path over the limits before any of its directories is produced */
function checkLimits (path: string, filename: string | undefined, options: EntriesOptions): void {
  const length = Buffer.byteLength(path)
  if (options.maxPathLength !== undefined && length > options.maxPathLength) {
    throw new PathTooLongError(`invalid file path ${shown(filename)}: ${length} bytes, more than ${options.maxPathLength}`)
  }
  const depth = path === '' ? 0 : path.split('/').length
  if (options.maxPathDepth !== undefined && depth > options.maxPathDepth) {
    throw new PathTooLongError(`invalid file path ${shown(filename)}: ${depth} levels deep, more than ${options.maxPathDepth}`)
  }
}

function entryType (contentType: string | undefined): FileEntry['type'] {
  const type = parseMediaType(contentType).type
  if (type === 'application/x-directory' || type === 'multipart/form-data') {
    return 'directory'
  }
  return type === 'application/symlink' ? 'symlink' : 'file'
}

function partHeaders (headers: Record<string, string>): Record<string, string> | undefined {
  const encoded = headers['abspath-encoded']
  const abspath = encoded === undefined ? headers.abspath : queryUnescape(encoded) ?? encoded
  return abspath === undefined ? undefined : { abspath }
}

/** The directories above `path` that no part announced yet (boxo creates them implicitly) */
function * implicitDirectories (path: string, seen: Set<string>): Generator<FileEntry> {
  // sliced, not joined from segments: V8 shares the path's storage instead of copying each prefix
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
    const dir = path.slice(0, slash)
    if (!seen.has(dir)) {
      seen.add(dir)
      yield { path: dir, type: 'directory' }
    }
  }
}

/**
 * Turns multipart parts into `FileEntry`s in upload order, lazily: the next part is only read
 * when the consumer asks for the next entry. Directories come from `application/x-directory`
 * parts and from path prefixes no part announced.
 */
export async function * toEntries (parts: AsyncIterable<RawPart>, options: EntriesOptions = {}): AsyncGenerator<FileEntry, void, undefined> {
  const seen = new Set<string>()
  for await (const part of parts) {
    const disposition = parseMediaType(part.headers['content-disposition'])
    const filename = disposition.params.get('filename')
    const { path, escapes } = partPath(filename)
    if (escapes && options.rejectPathTraversal === true) {
      throw new PathTraversalError(`invalid file path ${shown(filename)}: it leaves the upload root`)
    }
    checkLimits(path, filename, options)
    yield * implicitDirectories(path, seen)
    const type = entryType(part.headers['content-type'])
    if (type === 'directory' && seen.has(path)) {
      continue // already created implicitly, or announced twice
    }
    seen.add(path)
    const entry: FileEntry = { path, type, ...fieldMeta(disposition.params.get('name')) }
    if (type !== 'directory') {
      entry.content = part.body
    }
    const headers = partHeaders(part.headers)
    if (headers !== undefined) {
      entry.headers = headers
    }
    yield entry
  }
}
