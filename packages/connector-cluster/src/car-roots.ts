import { bytesReader, readHeader } from '@ipld/car/decoder'
import type { FileEntry } from '@composite-ipfs/interface'

/**
 * A CAR header is read from at most this many first bytes of each file. Headers are a few dozen
 * bytes per root; a file whose header is longer is imported, and its roots are not pinned.
 */
const MAX_HEADER_BYTES = 1024 * 1024

/**
 * Passes CAR files through unchanged while reading the roots of their headers (CARv1, or the
 * inner CARv1 of a CARv2) into `roots`, in the order first seen. Only the bytes up to the end of
 * each header are held, never a whole file: the upload streams on to the daemon.
 */
export async function * withCarRoots (cars: AsyncIterable<FileEntry>, roots: Set<string>): AsyncGenerator<FileEntry> {
  for await (const car of cars) {
    yield car.content === undefined || car.type !== 'file' ? car : { ...car, content: readingRoots(car.content, roots) }
  }
}

async function * readingRoots (content: AsyncIterable<Uint8Array>, roots: Set<string>): AsyncGenerator<Uint8Array> {
  let head: Uint8Array | undefined = new Uint8Array(0)
  for await (const chunk of content) {
    if (head !== undefined) {
      head = head.byteLength === 0 ? chunk : Buffer.concat([head, chunk])
      const header = await headerOf(head)
      if (header !== undefined) for (const root of header) roots.add(root)
      if (header !== undefined || head.byteLength > MAX_HEADER_BYTES) head = undefined
    }
    yield chunk
  }
}

/** The header's roots, or `undefined` while the bytes so far end inside it (or are not a CAR) */
async function headerOf (bytes: Uint8Array): Promise<string[] | undefined> {
  try {
    const header = await readHeader(bytesReader(bytes))
    return header.roots.map(root => root.toString())
  } catch {
    return undefined
  }
}
