import type { Readable } from 'node:stream'

/**
 * The bytes of one multipart part, read with `read()` so that a consumer that stops early
 * never destroys the part stream: the parser would stall on a destroyed part. `drain()` reads
 * and drops what is left, which is how an abandoned part is skipped to reach the next one.
 */
export class PartBody implements AsyncIterable<Uint8Array> {
  private readonly stream: Readable
  private readonly mapError: (err: Error) => Error
  private error: Error | undefined
  private ended = false
  private waiters: Array<() => void> = []

  constructor (stream: Readable, mapError: (err: Error) => Error) {
    this.stream = stream
    this.mapError = mapError
    const wake = (): void => {
      const waiters = this.waiters
      this.waiters = []
      waiters.forEach((resolve) => { resolve() })
    }
    stream.on('readable', wake)
    stream.on('end', () => { this.ended = true; wake() })
    // the parser emits part errors itself; without a listener they would crash the process
    stream.on('error', (err: Error) => { this.error ??= err; wake() })
  }

  /** Whether every byte of the part was read */
  get done (): boolean {
    return this.ended || this.error !== undefined
  }

  async * [Symbol.asyncIterator] (): AsyncGenerator<Uint8Array, void, undefined> {
    while (true) {
      const chunk: Buffer | null = this.stream.read()
      if (chunk !== null) {
        yield chunk
        continue
      }
      if (this.error !== undefined) {
        throw this.mapError(this.error)
      }
      if (this.ended) {
        return
      }
      await new Promise<void>((resolve) => { this.waiters.push(resolve) })
    }
  }

  /** Reads and drops the rest of the part; errors are left for the part reader to report */
  async drain (): Promise<void> {
    try {
      for await (const chunk of this) {
        void chunk
      }
    } catch {}
  }
}
