import { writePreamble } from './preamble.ts'
import { pump } from './pump.ts'
import type { Sink } from './sink.ts'

/**
 * A value stream: NDJSON (or text lines) flushed value by value, with `X-Chunked-Output: 1`.
 * The headers go out with the first value, so an error before it is still a proper error
 * response; a stream with no values is a 200 with an empty body.
 */
export async function writeStream (sink: Sink, values: AsyncIterable<unknown>, encode: (value: unknown) => string, contentType: string): Promise<void> {
  const preamble = (): void => {
    if (!sink.res.headersSent) {
      writePreamble(sink.req, sink.res, { kind: 'stream', contentType })
    }
  }
  await pump(sink, values, (value) => {
    const chunk = encode(value)
    preamble()
    return chunk
  })
  preamble()
  sink.res.end()
}
