import { writePreamble } from './preamble.ts'
import { raceSignal, release, writeChunk } from './race.ts'
import type { Sink } from './sink.ts'
import type { ByteStream } from '@composite-ipfs/interface'

/**
 * A byte stream (cat, get, block/get, dag/get, dag/export) with `X-Stream-Output: 1`.
 * Unlike Kubo, the first chunk is awaited before the headers go out, so a backend that fails
 * right away still gets a proper error response instead of a truncated 200.
 */
export async function writeBytes (sink: Sink, stream: ByteStream, contentType: string): Promise<void> {
  const iterator = stream.body[Symbol.asyncIterator]()
  const preamble = (): void => {
    if (!sink.res.headersSent) {
      writePreamble(sink.req, sink.res, { kind: 'bytes', contentType: stream.contentType ?? contentType, length: stream.length })
    }
  }
  try {
    while (true) {
      const next = await raceSignal(iterator.next(), sink.signal)
      if (next.done === true) {
        break
      }
      preamble()
      if (next.value.byteLength > 0) {
        await writeChunk(sink.res, next.value, sink.signal)
      }
    }
  } catch (err) {
    release(iterator)
    throw err
  }
  preamble()
  sink.res.end()
}
