import { once } from 'node:events'
import { AbortedError } from '@composite-ipfs/interface'
import type { ServerResponse } from 'node:http'

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts, so that a
 * client going away or a deadline never waits for a backend that ignores its signal.
 */
export async function raceSignal<T> (promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => {}) // it may settle after we stopped listening
  if (signal.aborted) {
    throw signal.reason
  }
  // one promise settled by whichever comes first (Promise.race over a second one costs more per call)
  return await new Promise<T>((resolve, reject) => {
    const onAbort = (): void => { reject(signal.reason) }
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then((value) => {
      signal.removeEventListener('abort', onAbort)
      resolve(value)
    }, (err: unknown) => {
      signal.removeEventListener('abort', onAbort)
      reject(err)
    })
  })
}

/** Writes one chunk and waits for `drain` when node's buffer is full (backpressure per value) */
export async function writeChunk (res: ServerResponse, chunk: string | Uint8Array, signal: AbortSignal): Promise<void> {
  if (res.destroyed || res.writableEnded) {
    throw new AbortedError()
  }
  if (!res.write(chunk)) {
    await raceSignal(once(res, 'drain'), signal)
  }
}

/** Stops an iterator we no longer read; never waits for it (a stuck backend must not hold us) */
export function release (iterator: AsyncIterator<unknown>): void {
  iterator.return?.()?.catch(() => {})
}
