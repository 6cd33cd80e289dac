/** Progress lines on stderr: where the run is, and how long it has taken so far */
export interface Progress {
  /** Names the scenario now running */
  scenario(name: string): void
  /** One step inside the scenario (round, case, path) */
  step(text: string): void
  /** A free-form note (setup, results) */
  note(text: string): void
  /** Milliseconds since the run started */
  elapsed(): number
}

function clock (ms: number): string {
  const s = Math.floor(ms / 1000)
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

/**
 * A progress reporter that prefixes every line with the elapsed time and the scenario,
 * e.g. `[bench 01:23 small-rpc] id c=64 round 2/5: composite`.
 *
 * @example
 * ```ts
 * const progress = createProgress()
 * progress.scenario('add')
 * progress.step('round 1/3: kubo')
 * ```
 */
export function createProgress (write: (line: string) => void = (line) => { process.stderr.write(`${line}\n`) }): Progress {
  const started = performance.now()
  let current = 'setup'
  const line = (text: string): void => { write(`[bench ${clock(performance.now() - started)} ${current}] ${text}`) }
  return {
    scenario (name) { current = name; line('start') },
    step: line,
    note: line,
    elapsed: () => performance.now() - started
  }
}
