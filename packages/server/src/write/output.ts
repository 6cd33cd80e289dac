import { jsonLine } from '@composite-ipfs/interface'
import { mimeOf } from '../exchange.ts'
import { TEXT_ENCODERS } from '../handlers/index.ts'
import { writeBytes } from './bytes.ts'
import { writeSingle } from './single.ts'
import { writeStream } from './stream.ts'
import type { HandlerCall, Output } from '../handlers/index.ts'
import type { Sink } from './sink.ts'

/** Writes a handler's output in the requested encoding */
export async function writeOutput (sink: Sink, output: Output, call: HandlerCall): Promise<void> {
  const encoding = sink.exchange.encoding
  const text = encoding === 'json' ? undefined : TEXT_ENCODERS[call.command]
  const encode = (value: unknown): string => text === undefined
    ? jsonLine(value)
    : text(value as Record<string, unknown>, call)
  switch (output.kind) {
    case 'single':
      writeSingle(sink, encode(output.value), mimeOf(encoding))
      return
    case 'stream':
      await writeStream(sink, output.values, encode, mimeOf(encoding))
      return
    case 'bytes':
      await writeBytes(sink, output.stream, output.contentType)
  }
}
