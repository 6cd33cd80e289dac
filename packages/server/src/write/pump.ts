import { AbortedError } from '@composite-ipfs/interface'
import { release } from './race.ts'
import { chunkWriter } from './chunked.ts'
import type { ChunkWriter } from './chunked.ts'
import type { Sink } from './sink.ts'

/** Turns a value into the chunk to write (`undefined` or empty: nothing), sending the headers first if needed */
export type Encode<T> = (value: T) => string | Uint8Array | undefined

/**
 * Reads `values` and writes each one as soon as it comes, as one chunk, waiting for `drain`
 * when node's buffer is full. A callback loop rather than `await`s: one `then` per value, and
 * one abort listener for the whole stream instead of a signal race per value, so that a client
 * going away or a deadline still never waits for a backend that ignores its signal.
 * On an error or abort the iterator is released (never awaited) and the promise rejects.
 */
export async function pump<T> (sink: Sink, values: AsyncIterable<T>, encode: Encode<T>): Promise<void> {
  const { res, signal } = sink
  const iterator = values[Symbol.asyncIterator]()
  if (signal.aborted) {
    release(iterator)
    throw signal.reason
  }
  let writer: ChunkWriter | undefined
  await new Promise<void>((resolve, reject) => {
    let finished = false
    const finish = (err?: unknown, failed = false): void => {
      if (finished) {
        return
      }
      finished = true
      signal.removeEventListener('abort', onAbort)
      res.removeListener('drain', pull)
      res.removeListener('error', onError)
      writer?.restore()
      if (failed) {
        release(iterator)
        reject(err)
      } else {
        resolve()
      }
    }
    const onAbort = (): void => { finish(signal.reason, true) }
    const onError = (err: unknown): void => { finish(err, true) }
    const onNext = (next: IteratorResult<T>): void => {
      if (finished) {
        return
      }
      try {
        if (next.done === true) {
          finish()
          return
        }
        const chunk = encode(next.value)
        if (chunk === undefined) {
          pull()
          return
        }
        if (res.destroyed || res.writableEnded) {
          throw new AbortedError()
        }
        writer ??= chunkWriter(res)
        if (writer.write(chunk)) {
          pull()
          return
        }
        res.once('drain', pull)
        res.once('error', onError)
      } catch (err) {
        finish(err, true)
      }
    }
    function pull (): void {
      if (finished) {
        return
      }
      res.removeListener('error', onError)
      try {
        Promise.resolve(iterator.next()).then(onNext, onError)
      } catch (err) {
        finish(err, true)
      }
    }
    signal.addEventListener('abort', onAbort, { once: true })
    pull()
  })
}
