import { finished } from 'node:stream'
import type { Readable } from 'node:stream'

/** Bytes queued before the stream is paused (the parser's and the request's own buffers come on top) */
const MAX_QUEUED_BYTES = 64 * 1024

/**
 * Reads a stream chunk by chunk as the chunks were pushed. `read()` would join everything
 * buffered into a new Buffer on each call: for an upload, a copy of most of its bytes and work
 * for the garbage collector. Never destroys the stream: a reader that stops leaves it paused
 * (a request's socket must outlive an abandoned upload, a part must stay readable for `drain`).
 */
export class ChunkReader {
  private readonly stream: Readable
  private readonly queue: Uint8Array[] = []
  private queuedBytes = 0
  /** `null` once ended, the error once failed or closed early */
  private outcome: Error | null | undefined
  private waiters: Array<() => void> = []
  private readonly onData = (chunk: Uint8Array): void => {
    this.queue.push(chunk)
    this.queuedBytes += chunk.byteLength
    if (this.queuedBytes >= MAX_QUEUED_BYTES) {
      this.stream.pause()
    }
    this.wake()
  }

  constructor (stream: Readable) {
    this.stream = stream
    finished(stream, { writable: false }, (err) => {
      this.outcome = err ?? null
      this.wake()
    })
    stream.on('data', this.onData)
  }

  /** Whether the stream ended or failed and every chunk before that was taken */
  get done (): boolean {
    return this.outcome !== undefined && this.queue.length === 0
  }

  /** The next chunk, `null` at the end; rejects with the stream's error once the chunks before it were taken */
  async next (): Promise<Uint8Array | null> {
    while (true) {
      const chunk = this.queue.shift()
      if (chunk !== undefined) {
        this.queuedBytes -= chunk.byteLength
        return chunk
      }
      if (this.outcome !== undefined) {
        if (this.outcome === null) {
          return null
        }
        throw this.outcome
      }
      if (this.stream.isPaused()) {
        this.stream.resume()
      }
      await new Promise<void>((resolve) => { this.waiters.push(resolve) })
    }
  }

  /** Stops reading: the stream is paused and keeps what it buffered */
  stop (): void {
    this.stream.off('data', this.onData)
    this.stream.pause()
  }

  private wake (): void {
    const waiters = this.waiters
    this.waiters = []
    waiters.forEach((resolve) => { resolve() })
  }
}
