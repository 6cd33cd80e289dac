/** Marks a number the scanner turned into a string, for the reviver to turn into a bigint */
const MARK = '\u0000bigint:'

/**
 * `JSON.parse` that keeps the integers under `keys` exact, as bigints. Kubo writes uint64s
 * such as `StorageMax` = 18446744073709551615 (unlimited), which a JS number would round to
 * …616. The text is scanned once: a number that is the value of one of `keys` is quoted
 * with a marker before parsing, and the reviver turns it into a `BigInt`.
 *
 * @example
 * ```ts
 * parseJsonBigInts<{ StorageMax: bigint }>('{"StorageMax":18446744073709551615}', ['StorageMax'])
 * // { StorageMax: 18446744073709551615n }
 * ```
 */
export function parseJsonBigInts<T = unknown> (text: string, keys: Iterable<string>): T {
  const wanted = new Set(keys)
  if (wanted.size === 0) return JSON.parse(text) as T
  const marked = markNumbers(text, wanted)
  return JSON.parse(marked, (key, value: unknown) => {
    if (wanted.has(key) && typeof value === 'string' && value.startsWith(MARK)) return toBigInt(value.slice(MARK.length))
    return value
  }) as T
}

function toBigInt (token: string): bigint {
  // Go never writes exponents for integers; tolerate them rather than throw
  return /^-?\d+$/.test(token) ? BigInt(token) : BigInt(Math.trunc(Number(token)))
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const WHITESPACE = /[ \t\r\n]*/y

/** Rewrites `"Key": 123` to `"Key": "<MARK>123"` for the wanted keys, outside of strings */
function markNumbers (text: string, wanted: Set<string>): string {
  let out = ''
  let copied = 0
  let i = 0
  while (i < text.length) {
    if (text[i] !== '"') { i++; continue }
    const end = stringEnd(text, i)
    const key = text.slice(i + 1, end)
    i = end + 1
    WHITESPACE.lastIndex = i
    WHITESPACE.exec(text)
    if (text[WHITESPACE.lastIndex] !== ':' || !wanted.has(unescapeKey(key))) continue
    WHITESPACE.lastIndex = WHITESPACE.lastIndex + 1
    WHITESPACE.exec(text)
    NUMBER.lastIndex = WHITESPACE.lastIndex
    const match = NUMBER.exec(text)
    if (match === null) continue
    out += `${text.slice(copied, match.index)}"\\u0000bigint:${match[0]}"`
    copied = i = match.index + match[0].length
  }
  return out + text.slice(copied)
}

/** Index of the closing quote of the string starting at `start` */
function stringEnd (text: string, start: number): number {
  let i = start + 1
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
  return i
}

function unescapeKey (raw: string): string {
  return raw.includes('\\') ? JSON.parse(`"${raw}"`) as string : raw
}
