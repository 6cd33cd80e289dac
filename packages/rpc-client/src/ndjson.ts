/**
 * Splits a byte stream into lines and parses each non-blank line as it completes: a value
 * split across chunks is joined, a multi-byte character split across chunks is decoded
 * once whole, `\r\n` is accepted, and a last line without `\n` is still parsed.
 * Lines are parsed one by one as they are asked for, so a parse error surfaces in order and
 * closes the body. A plain iterator rather than an async generator: the lines of a chunk are
 * handed out without the promise hops a generator's `yield` costs per value.
 *
 * @example
 * ```ts
 * for await (const event of parseNdjson<AddEvent>(res.body)) console.log(event.Hash)
 * ```
 */
export function parseNdjson<T = unknown> (
  body: AsyncIterable<Uint8Array | string>,
  parse: (line: string) => T = (line) => JSON.parse(line) as T
): AsyncIterableIterator<T, void, undefined> {
  return new NdjsonLines(body, parse)
}

class NdjsonLines<T> implements AsyncIterableIterator<T, void, undefined> {
  readonly #body: AsyncIterable<Uint8Array | string>
  readonly #parse: (line: string) => T
  readonly #decoder = new TextDecoder()
  #source: AsyncIterator<Uint8Array | string> | undefined
  /** Decoded text; what precedes `#start` was handed out already */
  #text = ''
  #start = 0
  #finished = false

  constructor (body: AsyncIterable<Uint8Array | string>, parse: (line: string) => T) {
    this.#body = body
    this.#parse = parse
  }

  [Symbol.asyncIterator] (): this {
    return this
  }

  async next (): Promise<IteratorResult<T, void>> {
    while (!this.#finished) {
      const newline = this.#text.indexOf('\n', this.#start)
      if (newline !== -1) {
        const line = this.#text.slice(this.#start, newline).trim()
        this.#start = newline + 1
        if (line !== '') return this.#value(line)
        continue
      }
      this.#text = this.#text.slice(this.#start)
      this.#start = 0
      this.#source ??= this.#body[Symbol.asyncIterator]()
      let chunk: IteratorResult<Uint8Array | string>
      try {
        chunk = await this.#source.next()
      } catch (err) {
        this.#finished = true // as a generator would be after throwing
        throw err
      }
      if (chunk.done === true) {
        this.#finished = true
        const last = (this.#text + this.#decoder.decode()).trim()
        this.#text = ''
        if (last !== '') return this.#value(last)
        break
      }
      this.#text += typeof chunk.value === 'string' ? chunk.value : this.#decoder.decode(chunk.value, { stream: true })
    }
    return { value: undefined, done: true }
  }

  #value (line: string): IteratorResult<T, void> {
    try {
      return { value: this.#parse(line), done: false }
    } catch (err) {
      void this.return()
      throw err
    }
  }

  async return (): Promise<IteratorResult<T, void>> {
    if (!this.#finished) {
      this.#finished = true
      this.#text = ''
      await this.#source?.return?.()
    }
    return { value: undefined, done: true }
  }
}
