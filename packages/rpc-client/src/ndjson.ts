/**
 * Splits a byte stream into lines and parses each non-blank line as it completes: a value
 * split across chunks is joined, a multi-byte character split across chunks is decoded
 * once whole, `\r\n` is accepted, and a last line without `\n` is still parsed.
 *
 * @example
 * ```ts
 * for await (const event of parseNdjson<AddEvent>(res.body)) console.log(event.Hash)
 * ```
 */
export async function * parseNdjson<T = unknown> (
  body: AsyncIterable<Uint8Array | string>,
  parse: (line: string) => T = (line) => JSON.parse(line) as T
): AsyncGenerator<T, void, undefined> {
  const decoder = new TextDecoder()
  let pending = ''
  for await (const chunk of body) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    let newline = pending.indexOf('\n')
    if (newline === -1) continue
    let start = 0
    while (newline !== -1) {
      const line = pending.slice(start, newline).trim()
      if (line !== '') yield parse(line)
      start = newline + 1
      newline = pending.indexOf('\n', start)
    }
    pending = pending.slice(start)
  }
  pending += decoder.decode()
  const last = pending.trim()
  if (last !== '') yield parse(last)
}
