import { ratio, round } from '../stats.ts'
import type { ResultRow } from './types.ts'

/** Fills every row's `ratio` from `metric`, against the `baseline` path's row of the same case; rounds the metrics */
export function withRatios (rows: ResultRow[], baseline: string, metric: string): ResultRow[] {
  return rows.map((row) => {
    const base = rows.find((other) => other.case === row.case && other.path === baseline)
    const metrics = Object.fromEntries(Object.entries(row.metrics).map(([key, value]) => [key, round(value)]))
    return { ...row, metrics, ratio: round(ratio(row.metrics[metric], base?.metrics[metric])) }
  })
}

/** Bytes as MiB */
export function mib (bytes: number | undefined): number | null {
  return bytes === undefined ? null : bytes / (1024 * 1024)
}
