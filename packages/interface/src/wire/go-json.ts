/**
 * A JSON writer that matches Go's `encoding/json` encoder as Kubo uses it:
 * `bigint`s are written as exact integers (never an exponent, never rounded),
 * `<`, `>`, `&`, U+2028 and U+2029 are escaped like Go's default HTML escaping,
 * and byte arrays become base64 strings like Go's `[]byte`.
 */

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029'
}

const HTML_CHARS = /[<>&\u2028\u2029]/g

/** Go's HTML escaping of JSON text: these characters can only occur inside its strings */
function goEscape (json: string): string {
  return json.replace(HTML_CHARS, (c) => GO_ESCAPES[c] ?? c)
}

function writeString (value: string): string {
  return goEscape(JSON.stringify(value))
}

/**
 * Whether `JSON.stringify` writes `value` exactly as {@link toJson} does: plain objects and
 * arrays of strings, booleans, null and numbers below 1e21 (no bigint, byte array, Map or
 * `toJSON`). Most answers are; `JSON.stringify` then does the work natively.
 */
function isPlain (value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
    case 'function':
    case 'symbol':
      return true
    case 'number':
      return !(Math.abs(value) >= 1e21)
    case 'bigint':
      return false
  }
  if (value === null) {
    return true
  }
  const object = value as Record<string, unknown>
  if (typeof object.toJSON === 'function') {
    return false
  }
  if (Array.isArray(object)) {
    for (const item of object) {
      if (!isPlain(item)) {
        return false
      }
    }
    return true
  }
  const proto = Object.getPrototypeOf(object)
  if (proto !== Object.prototype && proto !== null) {
    return false
  }
  for (const key in object) {
    if (!isPlain(object[key])) {
      return false
    }
  }
  return true
}

function writeNumber (value: number): string {
  if (!Number.isFinite(value)) {
    return 'null'
  }
  // JSON.stringify switches to exponent form at 1e21; Go writes integral floats the same
  // way, but an integer that large only reaches us by mistake, so keep its digits
  if (Number.isInteger(value) && Math.abs(value) >= 1e21) {
    return BigInt(value).toString()
  }
  return JSON.stringify(value)
}

function writeObject (value: Record<string, unknown>): string {
  const members: string[] = []
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') {
      continue
    }
    members.push(`${writeString(key)}:${toJson(member)}`)
  }
  return `{${members.join(',')}}`
}

/** Serialises a value as compact JSON, exactly as Go's `json.Encoder` would (without the newline) */
export function toJson (value: unknown): string {
  switch (typeof value) {
    case 'bigint':
      return value.toString()
    case 'number':
      return writeNumber(value)
    case 'string':
      return writeString(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'undefined':
    case 'function':
    case 'symbol':
      return 'null'
  }
  if (value === null) {
    return 'null'
  }
  if (value instanceof Uint8Array) {
    return writeString(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'))
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => toJson(item)).join(',')}]`
  }
  const withToJson = value as { toJSON?: () => unknown }
  if (typeof withToJson.toJSON === 'function') {
    return toJson(withToJson.toJSON())
  }
  if (value instanceof Map) {
    return writeObject(Object.fromEntries(value))
  }
  return writeObject(value as Record<string, unknown>)
}

/** One value as Go's `json.Encoder.Encode` writes it: compact JSON and a newline */
export function jsonLine (value: unknown): string {
  if (typeof value === 'object' && value !== null && isPlain(value)) {
    return `${goEscape(JSON.stringify(value))}\n`
  }
  return `${toJson(value)}\n`
}

/** Sorts object keys recursively, as Go does when it encodes a `map[string]any` */
export function sortKeys (value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys)
  }
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) {
    return value
  }
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key])
  }
  return sorted
}
