/** What a time-boxed load run measured */
export interface LoadRun {
  /** Latency of every successful call, ms */
  latencies: number[]
  /** Calls that threw */
  errors: number
  /** The first error's message, for the report */
  firstError?: string
  /** Wall time of the run, ms */
  elapsedMs: number
}

export interface LoadInit {
  /** Calls in flight at once (closed loop: each worker waits for its answer before the next call) */
  concurrency: number
  /** How long to keep calling, ms; calls in flight at the deadline still finish and count */
  durationMs: number
  /** One call; must read the whole answer */
  call: () => Promise<void>
}

/**
 * Runs `call` from `concurrency` workers for `durationMs` and records each call's latency.
 *
 * @example
 * ```ts
 * const run = await timedLoad({ concurrency: 64, durationMs: 10_000, call: async () => { await callText(agent, url) } })
 * const rps = run.latencies.length / (run.elapsedMs / 1000)
 * ```
 */
export async function timedLoad (init: LoadInit): Promise<LoadRun> {
  const latencies: number[] = []
  let errors = 0
  let firstError: string | undefined
  const started = performance.now()
  const deadline = started + init.durationMs
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now()
      try {
        await init.call()
        latencies.push(performance.now() - t0)
      } catch (err) {
        errors++
        firstError ??= err instanceof Error ? err.message : String(err)
        // a failing path must not spin: back off a little
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }
  }
  await Promise.all(Array.from({ length: init.concurrency }, worker))
  return { latencies, errors, firstError, elapsedMs: performance.now() - started }
}

/** Runs `task` for each item with at most `concurrency` in flight; resolves when all are done */
export async function forEachConcurrent<T> (items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      await task(items[index], index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
}
