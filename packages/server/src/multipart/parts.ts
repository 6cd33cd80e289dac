import { Readable } from 'node:stream'
import { Dicer } from '@fastify/busboy'
import { AbortedError } from '@composite-ipfs/interface'
import { MultipartError } from '../errors.ts'
import { ChunkReader } from './chunk-reader.ts'
import { PartBody } from './part-body.ts'

/** One part of a multipart body: its headers and its bytes, read lazily */
export interface RawPart {
  /** Lower-cased names, first value of each, decoded as UTF-8 (Go keeps header bytes as they are) */
  headers: Record<string, string>
  body: PartBody
}

export interface ReadPartsOptions {
  /** Bytes buffered per part before the parser waits for the consumer */
  partHighWaterMark?: number
  /** Largest header block of a part */
  maxHeaderSize?: number
}

function decodeHeaders (header: Record<string, string[]>): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, values] of Object.entries(header)) {
    headers[name] = Buffer.from(values[0] ?? '', 'latin1').toString('utf8')
  }
  return headers
}

/** A part cut short: by the client going away, or by the body ending inside it */
const contentError = (err: Error): Error => err instanceof AbortedError ? err : new MultipartError('unexpected EOF', { cause: err })

function sourceError (err: unknown): Error {
  const code = (err as { code?: string }).code
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (err as Error).message === 'aborted') {
    return new AbortedError()
  }
  return err instanceof Error ? err : new MultipartError(String(err))
}

interface ChunkSource {
  /** The next chunk, `null` at the end */
  next: () => Promise<Uint8Array | null>
  /** Stops reading without destroying the source */
  stop: () => void
}

/** A body's chunks one at a time; a request is read chunk by chunk, uncopied */
function chunkSource (source: AsyncIterable<Uint8Array>): ChunkSource {
  if (source instanceof Readable) {
    const reader = new ChunkReader(source)
    return { next: async () => await reader.next(), stop: () => { reader.stop() } }
  }
  // never returned: for a stream, that would destroy it
  const iterator = source[Symbol.asyncIterator]()
  return {
    next: async () => {
      const { done, value } = await iterator.next()
      return done === true ? null : value
    },
    stop: () => {}
  }
}

/**
 * Reads a multipart body as a stream of parts with backpressure: the request is read only while
 * no parsed part waits to be handed out, so a consumer that is slow to ask for the next part
 * holds the upload back instead of letting it pile up in memory.
 */
export function readParts (source: AsyncIterable<Uint8Array>, boundary: string, options: ReadPartsOptions = {}): AsyncGenerator<RawPart, void, undefined> {
  const queue: RawPart[] = []
  let error: Error | undefined
  let finished = false
  let stopped = false
  let consumerWaiters: Array<() => void> = []
  let pumpWaiters: Array<() => void> = []
  const wake = (waiters: Array<() => void>): void => { waiters.forEach((resolve) => { resolve() }) }
  const wakeConsumer = (): void => { const w = consumerWaiters; consumerWaiters = []; wake(w) }
  const wakePump = (): void => { const w = pumpWaiters; pumpWaiters = []; wake(w) }

  const dicer = new Dicer({
    boundary,
    partHwm: options.partHighWaterMark ?? 64 * 1024,
    maxHeaderSize: options.maxHeaderSize ?? 80 * 1024
  } as ConstructorParameters<typeof Dicer>[0])
  let lastPart: Readable | undefined
  dicer.on('part', (part: Readable) => {
    lastPart = part
    part.on('error', () => {}) // a part cut off inside its headers still emits an error
    part.on('header', (header: Record<string, string[]>) => {
      queue.push({ headers: decodeHeaders(header), body: new PartBody(part, contentError) })
      wakeConsumer()
    })
  })
  dicer.on('error', (err: Error) => { error ??= new MultipartError('multipart: NextPart: EOF', { cause: err }); wakeConsumer() })
  dicer.on('finish', () => { finished = true; wakeConsumer() })

  async function pump (): Promise<void> {
    // never destroy the request: its socket carries the answer
    const chunks = chunkSource(source)
    try {
      while (!stopped) {
        while (queue.length > 0 && !stopped) {
          await new Promise<void>((resolve) => { pumpWaiters.push(resolve) })
        }
        const value = await chunks.next()
        if (value === null || stopped) {
          break
        }
        await new Promise<void>((resolve, reject) => {
          dicer.write(value, (err) => { err == null ? resolve() : reject(err) })
        })
      }
      if (!stopped) {
        dicer.end()
      }
      chunks.stop()
    } catch (err) {
      chunks.stop()
      error ??= sourceError(err)
      // the parser will not push to the part being read again; end it with the error
      lastPart?.destroy(error)
      wakeConsumer()
    }
  }

  async function * parts (): AsyncGenerator<RawPart, void, undefined> {
    let current: RawPart | undefined
    void pump()
    try {
      while (true) {
        if (current !== undefined && !current.body.done) {
          await current.body.drain()
        }
        while (queue.length === 0 && error === undefined && !finished) {
          await new Promise<void>((resolve) => { consumerWaiters.push(resolve) })
        }
        current = queue.shift()
        if (current !== undefined) {
          wakePump()
          yield current
          continue
        }
        if (error !== undefined) {
          throw error
        }
        return
      }
    } finally {
      stopped = true
      wakePump()
    }
  }

  return parts()
}
