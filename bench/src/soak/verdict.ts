import type { NodeSample, SoakReport } from './types.ts'

/** Least-squares slope of a sampled value, in MiB per hour */
export function slopePerHour (samples: Array<NodeSample & { at: number }>, value: (s: NodeSample) => number): number {
  if (samples.length < 2) return 0
  const xs = samples.map((s) => s.at / 3_600_000)
  const ys = samples.map((s) => value(s) / 2 ** 20)
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length
  const my = ys.reduce((a, b) => a + b, 0) / ys.length
  const num = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i]! - my), 0)
  const den = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0)
  return den === 0 ? 0 : num / den
}

/** Heap after GC may grow by at most this over the second half of a run, RSS by this */
export const HEAP_FLAT_MIB_PER_HOUR = 4
export const RSS_FLAT_MIB_PER_HOUR = 20

/**
 * How the run is judged:
 * - flat: the least-squares slope over the second half (after the warm-up) under the limits above;
 * - back to baseline: file descriptors and sockets at most 2 above the count before traffic;
 * - no error but those a restart caused, and after each restart an add succeeded again.
 */
export function verdictOf (report: Omit<SoakReport, 'verdict'>): SoakReport['verdict'] {
  return {
    heapFlat: report.slopes.heapMiBPerHour < HEAP_FLAT_MIB_PER_HOUR,
    rssFlat: report.slopes.rssMiBPerHour < RSS_FLAT_MIB_PER_HOUR,
    fdsBack: report.settled.fds <= report.baseline.fds + 2,
    socketsBack: report.settled.sockets <= report.baseline.sockets + 2,
    unexpectedErrors: report.errors.filter((e) => !e.duringRestart).length,
    recovered: report.restarts.every((r) => r.recoveredMs !== undefined)
  }
}
