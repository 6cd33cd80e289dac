/** Anything with a name and a log: a Kubo daemon, a cluster peer */
export interface HasLogs {
  readonly name: string
  logs(): string
}

/** The part of vitest's test context this helper needs (kept structural: the testbed does not depend on vitest) */
export interface TestContextLike {
  onTestFailed(fn: () => void): void
}

export interface PrintLogsOptions {
  /**
   * How many trailing lines of each daemon's log to print.
   *
   * @default 80
   */
  lines?: number
}

/**
 * Returns a `beforeEach` hook that prints the last log lines of the given daemons to stderr
 * when the test fails. `daemons` is a function because daemons usually start in `beforeAll`,
 * after the hook is declared.
 *
 * @example
 *
 * ```ts
 * let uc: Undercluster | undefined
 * beforeAll(async () => { uc = await startUndercluster() })
 * beforeEach(printLogsOnFailure(() => [...(uc?.peers ?? []), ...(uc?.kubos ?? [])]))
 * ```
 */
export function printLogsOnFailure (daemons: () => Iterable<HasLogs | undefined>, options: PrintLogsOptions = {}): (ctx: TestContextLike) => void {
  const lines = options.lines ?? 80
  return function printLogsHook (ctx) {
    ctx.onTestFailed(() => {
      for (const daemon of daemons()) {
        if (daemon === undefined) continue
        const tail = daemon.logs().trimEnd().split('\n').slice(-lines).join('\n')
        process.stderr.write(`\n----- last ${lines} log lines of ${daemon.name} -----\n${tail}\n----- end of ${daemon.name} -----\n`)
      }
    })
  }
}
