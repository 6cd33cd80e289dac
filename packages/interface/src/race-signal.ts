import { AbortedError } from './errors-backend.ts'

/**
 * Settles with `promise`, or rejects as soon as `signal` aborts: with `AbortedError`
 * (`context canceled`, the signal's reason as `cause`), or with what `rejection` makes of the
 * reason (the server passes deadline errors on as they are). The promise itself goes on: this
 * is how a caller gives up on work that it shares with others (a single-flight lookup, a queued
 * write), and how the server stops waiting for a backend that ignores its signal.
 *
 * @example
 * ```ts
 * const shared = cache.get(key) ?? start(key)      // runs on the component's own signal
 * return await raceSignal(shared, options.signal)  // each caller races only its own
 * ```
 */
export async function raceSignal<T> (promise: Promise<T>, signal?: AbortSignal, rejection: (reason: unknown) => unknown = canceled): Promise<T> {
  if (signal === undefined) return await promise
  promise.catch(() => {}) // it may settle after this caller stopped listening
  if (signal.aborted) throw rejection(signal.reason)
  // one promise settled by whichever comes first (Promise.race over a second one costs more per call)
  return await new Promise<T>((resolve, reject) => {
    const onAbort = (): void => { reject(rejection(signal.reason)) }
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

function canceled (reason: unknown): AbortedError {
  return new AbortedError('context canceled', { cause: reason })
}
