import { responseHeaders } from './headers.ts'
import type { HeaderRecord } from './headers.ts'
import type { Dispatcher } from 'undici'

/** An upstream answer, handed over as soon as its headers arrived */
export interface RpcResponse {
  status: number
  /** Lower-cased header names, as undici delivers them */
  headers: HeaderRecord
  /** The body, streamed; consume it or call `discard()` to free the connection */
  body: AsyncIterable<Uint8Array>
  /** Resolves with the trailers (Kubo's `x-stream-error`) once the body ended, `{}` if it was cut */
  trailers: Promise<Record<string, string>>
  /** Which endpoint answered (its URL without credentials) */
  endpoint: string
  /** Stops reading the body and releases the connection */
  discard: () => void
}

/** Turns an error raised while reading the body into the error callers should see */
export type BodyErrorMapper = (err: unknown) => Error

/**
 * Wraps undici's response: errors from the body are mapped, trailers become a promise. Both are
 * made only when asked for (most answers are read without looking at their trailers), and the
 * body is undici's own iterator with a mapped error rather than an async generator around it.
 * `onClose` runs once the body is over: read to its end, failed or discarded.
 */
export function streamingResponse (data: Dispatcher.ResponseData, endpoint: string, mapError: BodyErrorMapper, onClose?: () => void): RpcResponse {
  const readable = data.body
  if (onClose !== undefined) readable.once('close', onClose)
  let trailers: Promise<Record<string, string>> | undefined
  const body: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator] (): AsyncIterator<Uint8Array> {
      const iterator = readable[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>
      const fail = (err: unknown): never => { throw mapError(err) }
      return {
        next: () => iterator.next().then(undefined, fail),
        return: async (value?: unknown) => await (iterator.return?.(value) ?? { value: undefined, done: true })
      }
    }
  }
  return {
    status: data.statusCode,
    headers: responseHeaders(data.headers),
    body,
    get trailers () {
      // undici fills `data.trailers` before it ends the body
      trailers ??= readable.readableEnded || readable.destroyed
        ? Promise.resolve({ ...data.trailers })
        : new Promise((resolve) => {
          const settle = (): void => { resolve({ ...data.trailers }) }
          readable.once('end', settle)
          readable.once('close', settle)
        })
      return trailers
    },
    endpoint,
    discard: () => {
      readable.on('error', () => {}) // undici aborts a body destroyed before its end: nobody is reading it
      readable.destroy()
    }
  }
}

/**
 * The body of a buffered response: yields its bytes once, like the one-shot generator it
 * replaces, and lets `readBytes` take them without iterating and copying.
 */
export class BufferedBody implements AsyncIterable<Uint8Array> {
  #bytes: Uint8Array | undefined
  /** The answer's trailers, known since the body was read whole */
  readonly trailers: Record<string, string>

  constructor (bytes: Uint8Array, trailers: Record<string, string> = {}) {
    this.#bytes = bytes.byteLength > 0 ? bytes : undefined
    this.trailers = trailers
  }

  /** The bytes, once (`undefined` when empty or already taken) */
  take (): Uint8Array | undefined {
    const bytes = this.#bytes
    this.#bytes = undefined
    return bytes
  }

  async * [Symbol.asyncIterator] (): AsyncGenerator<Uint8Array, void, undefined> {
    const bytes = this.take()
    if (bytes !== undefined) yield bytes
  }
}

/** A response whose (small) body was already read, e.g. to inspect a 5xx */
export function bufferedResponse (data: Dispatcher.ResponseData, endpoint: string, bytes: Uint8Array): RpcResponse {
  const trailers: Record<string, string> = { ...data.trailers }
  return {
    status: data.statusCode,
    headers: responseHeaders(data.headers),
    body: new BufferedBody(bytes, trailers),
    trailers: Promise.resolve({ ...trailers }),
    endpoint,
    discard: () => {}
  }
}
