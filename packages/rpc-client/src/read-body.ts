/** Reads a body into one buffer, keeping at most `limit` bytes (then the body is destroyed) */
export async function readBytes (body: AsyncIterable<Uint8Array>, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
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
