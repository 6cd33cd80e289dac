import { writePreamble } from './preamble.ts'
import { raceSignal, release, writeChunk } from './race.ts'
import type { Sink } from './sink.ts'

/**
 * A value stream: NDJSON (or text lines) flushed value by value, with `X-Chunked-Output: 1`.
 * The headers go out with the first value, so an error before it is still a proper error
 * response; a stream with no values is a 200 with an empty body.
 */
export async function writeStream (sink: Sink, values: AsyncIterable<unknown>, encode: (value: unknown) => string, contentType: string): Promise<void> {
  const iterator = values[Symbol.asyncIterator]()
  try {
    while (true) {
      const next = await raceSignal(iterator.next(), sink.signal)
      if (next.done === true) {
        break
      }
      const chunk = encode(next.value)
      if (!sink.res.headersSent) {
        writePreamble(sink.req, sink.res, { kind: 'stream', contentType })
      }
      if (chunk !== '') {
        await writeChunk(sink.res, chunk, sink.signal)
      }
    }
  } catch (err) {
    release(iterator)
    throw err
  }
  if (!sink.res.headersSent) {
    writePreamble(sink.req, sink.res, { kind: 'stream', contentType })
  }
  sink.res.end()
}
