import { ChunkReader } from './chunk-reader.ts'
import type { Readable } from 'node:stream'

/**
 * The bytes of one multipart part, chunk by chunk as the parser cut them, without ever
 * destroying the part stream: the parser would stall on a destroyed part. `drain()` reads and
 * drops what is left, which is how an abandoned part is skipped to reach the next one.
 */
export class PartBody implements AsyncIterable<Uint8Array> {
  private readonly reader: ChunkReader
  private readonly mapError: (err: Error) => Error

  constructor (stream: Readable, mapError: (err: Error) => Error) {
    // its error listener also keeps part errors (the parser emits them itself) from crashing the process
    this.reader = new ChunkReader(stream)
    this.mapError = mapError
  }

  /** Whether every byte of the part was read */
  get done (): boolean {
    return this.reader.done
  }

  async * [Symbol.asyncIterator] (): AsyncGenerator<Uint8Array, void, undefined> {
    while (true) {
      let chunk: Uint8Array | null
      try {
        chunk = await this.reader.next()
      } catch (err) {
        throw this.mapError(err as Error)
      }
      if (chunk === null) {
        return
      }
      yield chunk
    }
  }

  /** Reads and drops the rest of the part; errors are left for the part reader to report */
  async drain (): Promise<void> {
    try {
      while (await this.reader.next() !== null) {}
    } catch {}
  }
}
