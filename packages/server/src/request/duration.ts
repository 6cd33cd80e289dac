/**
 * Go's `time.ParseDuration`, which Kubo uses for the global `timeout` option:
 * a sign, then one or more `<decimal><unit>` terms (`1m30s`, `1.5h`, `500us`, `1000ms`).
 * Units: ns, us, µs, μs, ms, s, m, h. A bare `0` is allowed.
 */

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n
}

const MAX_NANOS = (1n << 63n) - 1n
const TERM = /^(\d*)(?:\.(\d*))?([^\d.]+)/

/** Parses a Go duration into milliseconds; `undefined` when Go would return an error */
export function parseDuration (text: string): number | undefined {
  let rest = text
  let negative = false
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-')
    rest = rest.slice(1)
  }
  if (rest === '0') {
    return 0
  }
  if (rest === '') {
    return undefined
  }
  let total = 0n
  while (rest !== '') {
    const match = TERM.exec(rest)
    if (match === null) {
      return undefined
    }
    const [term, whole, fraction = '', unit] = match
    const nanos = UNIT_NANOS[unit]
    if (nanos === undefined || (whole === '' && fraction === '')) {
      return undefined
    }
    // integer and fractional parts kept exact in nanoseconds, as Go does
    const scale = 10n ** BigInt(fraction.length)
    total += BigInt(whole === '' ? '0' : whole) * nanos + (BigInt(fraction === '' ? '0' : fraction) * nanos) / scale
    if (total > MAX_NANOS + (negative ? 1n : 0n)) {
      return undefined
    }
    rest = rest.slice(term.length)
  }
  const millis = Number(total) / 1e6
  return negative ? -millis : millis
}
