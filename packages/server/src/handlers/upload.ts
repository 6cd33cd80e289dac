import { CommandError } from '@composite-ipfs/interface'
import { MultipartError } from '../errors.ts'
import { method, shaper, stream, mapStream } from './types.ts'
import type { Handler } from './types.ts'
import type { AddEvent, FileEntry } from '@composite-ipfs/interface'

/** Kubo's `AddEvent` field order; everything but `Name` is `omitempty` */
const addLine = shaper([['Name', false, ''], ['Hash', true], ['Bytes', true], ['Size', true], ['Mode', true], ['Mtime', true], ['MtimeNsecs', true]])
const blockPutLine = shaper([['Key', false, ''], ['Size', false, 0]])
const dagPutLine = shaper([['Cid', false]])
const dagImportLine = shaper([['Root', true], ['Stats', true]])

const noEntries = async function * (): AsyncGenerator<FileEntry> {}

/**
 * Reads the first entry before the backend is called, so that an upload without any file is
 * Kubo's `expected a file argument` (500) before anything was sent. A body cut off before its
 * first part counts as no file, as in Kubo (t0600).
 */
async function atLeastOne (entries: AsyncIterable<FileEntry> | undefined): Promise<AsyncIterable<FileEntry>> {
  const iterator = (entries ?? noEntries())[Symbol.asyncIterator]()
  let first: IteratorResult<FileEntry>
  try {
    first = await iterator.next()
  } catch (err) {
    if (!(err instanceof MultipartError)) {
      throw err
    }
    first = { done: true, value: undefined }
  }
  if (first.done === true) {
    throw new CommandError('expected a file argument')
  }
  const head = first.value
  return (async function * () {
    yield head
    yield * { [Symbol.asyncIterator]: () => iterator }
  })()
}

/** Progress lines (no `Hash`) only reach the client when it asked for `progress` */
export const add: Handler = async (backend, call) => {
  const entries = await atLeastOne(call.entries)
  const progress = call.options.progress === true
  return stream(mapStream(method(backend, 'add')(entries, call.options), (event: AddEvent) =>
    !progress && event.Hash === undefined ? undefined : addLine(event)))
}

export const blockPut: Handler = async (backend, call) =>
  stream(mapStream(method(backend, 'blockPut')(call.entries ?? noEntries(), call.options), blockPutLine))

export const dagPut: Handler = async (backend, call) =>
  stream(mapStream(method(backend, 'dagPut')(call.entries ?? noEntries(), call.options), dagPutLine))

/** Kubo refuses `local-only` with `pin-roots=true` before reading any CAR; no CAR at all is an empty 200 */
export const dagImport: Handler = async (backend, call) => {
  if (call.options.localOnly === true && call.options.pinRoots === true) {
    throw new CommandError('--local-only implies --pin-roots=false and cannot be combined with --pin-roots=true; please drop one of them')
  }
  return stream(mapStream(method(backend, 'dagImport')(call.entries ?? noEntries(), call.options), dagImportLine))
}
