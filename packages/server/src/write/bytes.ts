import { writePreamble } from './preamble.ts'
import { pump } from './pump.ts'
import type { Sink } from './sink.ts'
import type { ByteStream } from '@composite-ipfs/interface'

/**
 * A byte stream (cat, get, block/get, dag/get, dag/export) with `X-Stream-Output: 1`.
 * Unlike Kubo, the first chunk is awaited before the headers go out, so a backend that fails
 * right away still gets a proper error response instead of a truncated 200.
 */
export async function writeBytes (sink: Sink, stream: ByteStream, contentType: string): Promise<void> {
  const preamble = (): void => {
    if (!sink.res.headersSent) {
      writePreamble(sink.req, sink.res, { kind: 'bytes', contentType: stream.contentType ?? contentType, length: stream.length })
    }
  }
  await pump(sink, stream.body, (chunk) => {
    preamble()
    return chunk
  })
  preamble()
  sink.res.end()
}
