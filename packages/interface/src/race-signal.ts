import { AbortedError } from './errors-backend.ts'

/**
 * Settles with `promise`, or rejects with `AbortedError` (`context canceled`, the signal's
 * reason as `cause`) as soon as `signal` aborts. The promise itself goes on: this is how a
 * caller gives up on work that it shares with others (a single-flight lookup, a queued write)
 * without cancelling it for them.
 *
 * @example
 * ```ts
 * const shared = cache.get(key) ?? start(key)      // runs on the component's own signal
 * return await raceSignal(shared, options.signal)  // each caller races only its own
 * ```
 */
export async function raceSignal<T> (promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal === undefined) return await promise
  promise.catch(() => {}) // it may settle after this caller stopped listening
  if (signal.aborted) throw new AbortedError('context canceled', { cause: signal.reason })
  return await new Promise<T>((resolve, reject) => {
    const onAbort = (): void => { reject(new AbortedError('context canceled', { cause: signal.reason })) }
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
