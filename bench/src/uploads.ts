import { encodeMultipart } from '@composite-ipfs/rpc-client'
import { randomStream } from './random-bytes.ts'
import type { FileEntry } from '@composite-ipfs/interface'

/** Like the connectors, the load generator joins small parts into writes of up to 64 KiB */
const BATCH_BYTES = 64 * 1024

/** A multipart request body made on the fly, and what it holds */
export interface Upload {
  contentType: string
  body: AsyncIterable<Uint8Array>
  /** Payload bytes (file contents, without the multipart framing) */
  bytes: number
  /** Files in it */
  files: number
}

/**
 * One file of `size` random bytes as Kubo's `add` expects it (`encodeMultipart` of the rpc
 * client, the same encoding the connectors send).
 */
export function singleFileUpload (size: number, name = 'random.bin'): Upload {
  const entries: FileEntry[] = [{ path: name, type: 'file', content: randomStream(size) }]
  return { ...encodeMultipart(entries, { batchBytes: BATCH_BYTES }), bytes: size, files: 1 }
}

/**
 * A directory `dir` holding `count` files of `fileSize` random bytes each, as `ipfs add -r`
 * sends it: the directory part first, then `dir/f000001`, ... (content made as it is read).
 */
export function directoryUpload (count: number, fileSize: number, dir = 'dir'): Upload {
  async function * entries (): AsyncGenerator<FileEntry> {
    yield { path: dir, type: 'directory' }
    for (let i = 0; i < count; i++) {
      yield { path: `${dir}/f${String(i).padStart(6, '0')}`, type: 'file', content: randomStream(fileSize, fileSize) }
    }
  }
  return { ...encodeMultipart(entries(), { batchBytes: BATCH_BYTES }), bytes: count * fileSize, files: count }
}
