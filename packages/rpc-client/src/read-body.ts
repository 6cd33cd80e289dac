import { BufferedBody } from './response.ts'

/** A buffered body's bytes (kuboJson's answers, read whole already): a view, no iteration and no copy */
function bufferedBytes (body: BufferedBody, limit = Number.POSITIVE_INFINITY): Buffer {
  const bytes = body.take()
  if (bytes === undefined) return Buffer.alloc(0)
  const kept = bytes.byteLength > limit ? bytes.subarray(0, limit) : bytes
  return Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength)
}

/** A buffered body as UTF-8 text, synchronously (see {@link readText}) */
export function bufferedText (body: BufferedBody): string {
  return bufferedBytes(body).toString('utf8')
}

/** Reads a body into one buffer, keeping at most `limit` bytes (then the body is destroyed) */
export async function readBytes (body: AsyncIterable<Uint8Array>, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  if (body instanceof BufferedBody) {
    return bufferedBytes(body, limit)
  }
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of body) {
    const room = limit - size
    const kept = chunk.byteLength > room ? chunk.subarray(0, room) : chunk
    chunks.push(kept)
    size += kept.byteLength
    if (size >= limit) break
  }
  return Buffer.concat(chunks)
}

/** Reads a body as UTF-8 text (see {@link readBytes}) */
export async function readText (body: AsyncIterable<Uint8Array>, limit?: number): Promise<string> {
  return (await readBytes(body, limit)).toString('utf8')
}
