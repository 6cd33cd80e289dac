import { parseMediaType } from '../request/media-type.ts'
import { queryUnescape } from '../request/query.ts'
import { PathTraversalError } from '../errors.ts'
import { fieldMeta } from './field-meta.ts'
import { partPath } from './filename.ts'
import type { RawPart } from './parts.ts'
import type { FileEntry } from '@composite-ipfs/interface'

export interface EntriesOptions {
  /** Refuse names that climb above the root instead of dropping the `..` like Kubo */
  rejectPathTraversal?: boolean
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
  const segments = path.split('/')
  for (let i = 1; i < segments.length; i++) {
    const dir = segments.slice(0, i).join('/')
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
    const { path, escapes } = partPath(disposition.params.get('filename'))
    if (escapes && options.rejectPathTraversal === true) {
      throw new PathTraversalError(`invalid file path ${JSON.stringify(disposition.params.get('filename'))}: it leaves the upload root`)
    }
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
