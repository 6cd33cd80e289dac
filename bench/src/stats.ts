/** Summary of a set of samples (latencies in ms, or any other unit) */
export interface Summary {
  count: number
  median: number
  p99: number
  min: number
  max: number
  mean: number
}

/** The value at quantile `q` (0..1) of ascending `sorted`, nearest-rank */
export function quantile (sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil(q * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]
}

/**
 * Median, p99, min, max and mean of `samples` (NaN everywhere when there are none).
 *
 * @example
 * ```ts
 * summarize([3, 1, 2]).median // 2
 * ```
 */
export function summarize (samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort()
  let total = 0
  for (const value of sorted) total += value
  return {
    count: sorted.length,
    median: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    min: sorted.length === 0 ? Number.NaN : sorted[0],
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1],
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length
  }
}

/** `value / baseline`, or null when either is missing or the baseline is 0 */
export function ratio (value: number | null | undefined, baseline: number | null | undefined): number | null {
  if (value == null || baseline == null || !Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return null
  return value / baseline
}

/** Bytes per millisecond as MiB/s */
export function mibPerSecond (bytes: number, ms: number): number {
  return bytes / (1024 * 1024) / (ms / 1000)
}

/** Rounds for reports: 3 significant digits, integers kept whole */
export function round (value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null
  if (Math.abs(value) >= 100) return Math.round(value)
  return Number(value.toPrecision(3))
}
