import { writePreamble } from './preamble.ts'
import type { Sink } from './sink.ts'

/** A `cmds.Single` value: one encoded value (JSON plus `\n`), no `X-Chunked-Output` */
export function writeSingle (sink: Sink, body: string, contentType: string): void {
  writePreamble(sink.req, sink.res, { kind: 'single', contentType })
  sink.res.end(body)
}
