import { setTimeout as sleep } from 'node:timers/promises'
import { WaitTimeoutError } from './errors.ts'

export interface WaitForOptions {
  /**
   * Give up after this long.
   *
   * @default 30000
   */
  timeoutMs?: number
  /**
   * Time between two checks.
   *
   * @default 250
   */
  intervalMs?: number
  /**
   * Says what was awaited, in the timeout error.
   *
   * @default 'condition'
   */
  message?: string
  signal?: AbortSignal
}

/**
 * Polls `check` until it returns something other than `undefined`, `null` or `false`, and
 * returns that. A `check` that throws counts as "not yet"; the last error is in the timeout's `cause`.
 *
 * @example
 *
 * ```ts
 * const status = await waitFor(async () => {
 *   const info = await peer.rest<any>(`/pins/${cid}`)
 *   return Object.values(info.peer_map).every((p: any) => p.status === 'pinned') ? info : undefined
 * }, { message: 'pinned everywhere' })
 * ```
 */
export async function waitFor<T> (check: () => Promise<T | undefined | null | false> | T | undefined | null | false, options: WaitForOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  let lastError: unknown
  for (;;) {
    options.signal?.throwIfAborted()
    try {
      const result = await check()
      if (result !== undefined && result !== null && result !== false) return result
    } catch (err) {
      lastError = err
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : ''
      throw new WaitTimeoutError(`timed out after ${options.timeoutMs ?? 30_000} ms waiting for ${options.message ?? 'condition'}${why}`, { cause: lastError })
    }
    await sleep(options.intervalMs ?? 250, undefined, { signal: options.signal })
  }
}
