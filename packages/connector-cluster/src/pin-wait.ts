import { setTimeout as sleep } from 'node:timers/promises'
import { anySignal } from 'any-signal'
import { AbortedError } from '@composite-ipfs/interface'
import type { PinVerdict } from './pin-verdict.ts'

export interface PollTiming {
  /** Give up after this many ms */
  timeout: number
  /** First delay between polls; it grows by half each time up to `maxPollInterval` */
  pollInterval: number
  maxPollInterval: number
  /** A progress tick is due this often, even while a poll is slow */
  progressInterval: number
}

/** How a wait ended; `failed` needs two failed verdicts in a row (a stale `pin_error` may linger for a moment) */
export type WaitOutcome =
  | { state: 'pinned', verdict: PinVerdict }
  | { state: 'failed', verdict: PinVerdict }
  | { state: 'timeout', verdict?: PinVerdict, error?: unknown }

type Poll = { verdict: PinVerdict } | { error: unknown }

/**
 * Polls `check` with backoff until it says pinned or failed, or `timeout` passes. Yields a
 * tick every `progressInterval` ms meanwhile (also while one poll hangs), so a caller can
 * stream rising `{"Progress":n}` lines. Poll errors (an endpoint failing over) are retried
 * until the deadline. Returns how the wait ended; throws `AbortedError` when `signal` aborts.
 */
export async function * pollPin (check: (signal: AbortSignal) => Promise<PinVerdict>, timing: PollTiming, signal?: AbortSignal): AsyncGenerator<void, WaitOutcome, undefined> {
  const stop = new AbortController()
  const inner = signal === undefined ? stop.signal : AbortSignal.any([signal, stop.signal])
  const deadline = Date.now() + timing.timeout
  let nextTick = Date.now() + timing.progressInterval
  let interval = timing.pollInterval
  let failedStreak = 0
  let last: Poll | undefined
  try {
    while (true) {
      const poll: Promise<Poll> = check(inner).then(verdict => ({ verdict }), (error: unknown) => ({ error }))
      let result: Poll | undefined
      let pollAt: number | undefined
      while (true) {
        const now = Date.now()
        if (now >= deadline) return timedOut(last)
        if (now >= nextTick) {
          yield
          nextTick = Date.now() + timing.progressInterval
          continue
        }
        if (result === undefined) {
          result = await within(poll, Math.min(nextTick, deadline) - now, inner, signal)
          if (result === undefined) continue
          last = result
          // a loop found while waiting ends the wait: retrying cannot help
          if ('error' in result && (result.error as { code?: string } | null)?.code === 'ERR_LOOP_DETECTED') throw result.error
          if ('verdict' in result) {
            if (result.verdict.state === 'pinned') return { state: 'pinned', verdict: result.verdict }
            failedStreak = result.verdict.state === 'failed' ? failedStreak + 1 : 0
            if (failedStreak >= 2) return { state: 'failed', verdict: result.verdict }
          }
          pollAt = Date.now() + interval
          interval = Math.min(Math.round(interval * 1.5), timing.maxPollInterval)
        }
        if (pollAt !== undefined && Date.now() >= pollAt) break
        await pause(Math.min(pollAt ?? Infinity, nextTick, deadline) - Date.now(), inner, signal)
      }
    }
  } finally {
    stop.abort()
  }
}

function timedOut (last: Poll | undefined): WaitOutcome {
  if (last === undefined) return { state: 'timeout' }
  return 'verdict' in last ? { state: 'timeout', verdict: last.verdict } : { state: 'timeout', error: last.error }
}

/** The poll's result if it settles within `ms`, else `undefined` */
async function within (poll: Promise<Poll>, ms: number, inner: AbortSignal, outer?: AbortSignal): Promise<Poll | undefined> {
  const timer = new AbortController()
  // not AbortSignal.any: on Node 20 it would keep ~57 bytes in `inner` per poll, for the whole wait
  const joined = anySignal([inner, timer.signal])
  try {
    return await Promise.race([poll, pause(ms, joined, outer).then(() => undefined)])
  } finally {
    timer.abort()
    joined.clear()
  }
}

/** Sleeps; rejects with `AbortedError` only when the caller's signal aborted */
async function pause (ms: number, signal: AbortSignal, outer?: AbortSignal): Promise<void> {
  try {
    await sleep(Math.max(0, ms), undefined, { signal })
  } catch (err) {
    if (outer?.aborted === true) throw new AbortedError('context canceled', { cause: err })
  }
}
