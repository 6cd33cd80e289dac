import { globalOptions, optionKey } from '@composite-ipfs/interface'
import type { CommandSpec, OptionSpec } from '@composite-ipfs/interface'

/** Query values callers may pass: a ready `URLSearchParams`, a raw string, or a record */
export type QueryInput = URLSearchParams | string | Record<string, string | number | bigint | boolean | Array<string | number | bigint | boolean> | undefined | null>

function wireValue (value: unknown): string | undefined {
  switch (typeof value) {
    case 'boolean': return value ? 'true' : 'false'
    case 'number': return Number.isFinite(value) ? String(value) : undefined
    case 'bigint': return value.toString()
    case 'string': return value
    default: return undefined
  }
}

/**
 * Serialises typed options back to Kubo's wire form: each declared option of `spec` (and
 * Kubo's global options) is looked up under its camelCase key (`cid-version` under
 * `cidVersion`) and written under its long wire name; `args` become repeated `arg`
 * parameters. A numeric `timeout` (the caller's, in ms) becomes Kubo's `<n>ms`. `undefined`/`null` values are skipped, arrays repeat the parameter, and keys
 * that are not declared options (`signal`, `via`, …) are never sent.
 *
 * @example
 * ```ts
 * toQuery(commands.pinAdd, ['bafy…'], { recursive: false, progress: true }).toString()
 * // 'arg=bafy…&recursive=false&progress=true'
 * ```
 */
export function toQuery (spec: CommandSpec, args: readonly string[], options: object = {}): URLSearchParams {
  const query = new URLSearchParams()
  for (const arg of args) query.append('arg', arg)
  const values = options as Record<string, unknown>
  for (const { name, key } of fieldsOf(spec)) {
    const value = values[key]
    if (value === undefined || value === null) continue
    if (!Array.isArray(value)) {
      // `CallOptions.timeout` is in ms; Kubo's root `timeout` is a Go duration
      const text = name === 'timeout' && typeof value === 'number' && Number.isFinite(value) ? `${value}ms` : wireValue(value)
      if (text !== undefined) query.append(name, text)
      continue
    }
    for (const item of value) {
      const text = wireValue(item)
      if (text !== undefined) query.append(name, text)
    }
  }
  return query
}

/** One option as {@link toQuery} writes it: its wire name and the camelCase key it is read from */
interface QueryField {
  name: string
  key: string
}

/** Each spec's fields, worked out once: the per-call key conversion showed in profiles */
const fieldsBySpec = new WeakMap<CommandSpec, readonly QueryField[]>()

/** The command's options, then Kubo's global ones; the first option of a name wins */
function fieldsOf (spec: CommandSpec): readonly QueryField[] {
  let fields = fieldsBySpec.get(spec)
  if (fields === undefined) {
    const seen = new Set<string>()
    fields = [...spec.options, ...globalOptions].flatMap((option: OptionSpec) => {
      if (seen.has(option.name)) return []
      seen.add(option.name)
      return [{ name: option.name, key: optionKey(option.name) }]
    })
    fieldsBySpec.set(spec, fields)
  }
  return fields
}

/** Normalises any {@link QueryInput} to `URLSearchParams` (a copy) */
export function toSearchParams (query: QueryInput | undefined): URLSearchParams {
  if (query === undefined) return new URLSearchParams()
  if (typeof query === 'string') return new URLSearchParams(query.startsWith('?') ? query.slice(1) : query)
  if (query instanceof URLSearchParams) return new URLSearchParams(query)
  const out = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const text = wireValue(item)
      if (text !== undefined) out.append(key, text)
    }
  }
  return out
}

/** `path?query`, without a dangling `?` */
export function withQuery (path: string, query: QueryInput | undefined): string {
  if (typeof query === 'string') {
    const raw = query.startsWith('?') ? query.slice(1) : query
    // a raw query string is forwarded as it came (passthrough), not re-encoded
    return raw === '' ? path : `${path}?${raw}`
  }
  const text = toSearchParams(query).toString()
  return text === '' ? path : `${path}?${text}`
}
