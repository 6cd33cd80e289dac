import { parseQuery } from '../request/query.ts'
import type { FileEntry } from '@composite-ipfs/interface'

export type FieldMeta = Pick<FileEntry, 'mode' | 'mtime'>

/**
 * UnixFS metadata from the form field name, as boxo's `fileInfo` reads it:
 * `file?mode=0644&mtime=1700000000&mtime-nsecs=5`. `mode` is octal; a bad `mtime` drops the
 * mtime, a bad `mtime-nsecs` keeps the seconds.
 */
export function fieldMeta (fieldName: string | undefined): FieldMeta {
  const question = fieldName?.indexOf('?') ?? -1
  if (fieldName === undefined || question === -1) {
    return {}
  }
  const params = parseQuery(fieldName.slice(question + 1))
  const meta: FieldMeta = {}
  const mode = params.get('mode')?.[0]
  if (mode !== undefined && /^[0-7]+$/.test(mode) && parseInt(mode, 8) <= 0xffffffff) {
    meta.mode = parseInt(mode, 8)
  }
  const secs = params.get('mtime')?.[0]
  const nsecs = params.get('mtime-nsecs')?.[0]
  if (secs === undefined && nsecs === undefined) {
    return meta
  }
  if (secs !== undefined && !/^[+-]?\d+$/.test(secs)) {
    return meta
  }
  meta.mtime = { secs: BigInt(secs ?? 0) }
  if (nsecs !== undefined && /^[+-]?\d+$/.test(nsecs)) {
    meta.mtime.nsecs = Number(nsecs)
  }
  return meta
}
