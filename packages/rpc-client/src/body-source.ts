/** A request body as callers may pass it */
export type RequestBody = AsyncIterable<Uint8Array> | Uint8Array | string

/**
 * Hands a request body to one attempt after another. Bytes and strings can be sent any
 * number of times; a stream only once, so after its first chunk was pulled it is no longer
 * replayable and a failed attempt cannot move to another endpoint.
 */
export class BodySource {
  readonly #body: RequestBody | undefined
  #consumed = false

  constructor (body: RequestBody | undefined) {
    this.#body = body
  }

  /** Whether another attempt could send the whole body again */
  get replayable (): boolean {
    return !this.#consumed
  }

  /** The body for the next attempt; a stream is wrapped so that its first pull is noticed */
  take (): string | Uint8Array | AsyncIterable<Uint8Array> | undefined {
    const body = this.#body
    if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) return body
    return {
      [Symbol.asyncIterator]: () => {
        this.#consumed = true
        return body[Symbol.asyncIterator]()
      }
    }
  }
}
