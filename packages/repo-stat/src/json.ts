/**
 * JSON with exact integers: bigints are written as plain digits (never an exponent, never
 * rounded), as Go's `uint64` decoder needs them. Plain data only: objects, arrays, strings,
 * numbers, booleans, null; `undefined` members are left out.
 */
export function toJson (value: unknown): string {
  if (typeof value === 'bigint') return value.toString()
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(v => v === undefined ? 'null' : toJson(v)).join(',')}]`
  const members = Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
  return `{${members.join(',')}}`
}
