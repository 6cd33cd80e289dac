/**
 * Go's `strconv.ParseBool`, `ParseInt` and `ParseUint` with base 0, which go-ipfs-cmds uses to
 * read option values: `0x`, `0o`, `0b` and leading-zero octal prefixes, and `_` digit separators.
 * Each returns `undefined` when Go would return an error.
 */

const BOOLS: Record<string, boolean> = { 1: true, t: true, true: true, 0: false, f: false, false: false }

/** go-ipfs-cmds lower-cases the value first, then `strconv.ParseBool` */
export function parseBool (value: string): boolean | undefined {
  return BOOLS[value.toLowerCase()]
}

/** Go's `underscoreOK`: `_` must sit between digits (a base prefix counts as a digit) */
function underscoreOk (text: string): boolean {
  let saw = '^'
  let i = 0
  const hex = /^0x/i.test(text)
  if (/^0[box]/i.test(text)) {
    i = 2
    saw = '0'
  }
  for (; i < text.length; i++) {
    const c = text[i].toLowerCase()
    if ((c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f')) {
      saw = '0'
    } else if (c === '_') {
      if (saw !== '0') {
        return false
      }
      saw = '_'
    } else if (saw === '_') {
      return false
    } else {
      saw = '!'
    }
  }
  return saw !== '_'
}

const PREFIXES: Record<string, number> = { '0x': 16, '0o': 8, '0b': 2 }

function parseMagnitude (text: string): bigint | undefined {
  if (text === '') {
    return undefined
  }
  let base = 10
  let digits = text
  const prefix = text.slice(0, 2).toLowerCase()
  if (PREFIXES[prefix] !== undefined) {
    base = PREFIXES[prefix]
    digits = text.slice(2)
  } else if (text.length > 1 && text[0] === '0') {
    base = 8
    digits = text.slice(1)
  }
  if (text.includes('_') && !underscoreOk(text)) {
    return undefined
  }
  digits = digits.replaceAll('_', '')
  if (digits === '') {
    return undefined
  }
  let result = 0n
  for (const c of digits.toLowerCase()) {
    const digit = parseInt(c, 36)
    if (Number.isNaN(digit) || digit >= base) {
      return undefined
    }
    result = result * BigInt(base) + BigInt(digit)
  }
  return result
}

/** `strconv.ParseInt(value, 0, bits)` */
export function parseInt64 (value: string, bits: 32 | 64): bigint | undefined {
  const negative = value.startsWith('-')
  const unsigned = value.startsWith('+') || negative ? value.slice(1) : value
  const magnitude = parseMagnitude(unsigned)
  if (magnitude === undefined) {
    return undefined
  }
  const limit = 1n << BigInt(bits - 1)
  if (negative) {
    return magnitude > limit ? undefined : -magnitude
  }
  return magnitude >= limit ? undefined : magnitude
}

/** `strconv.ParseUint(value, 0, bits)`: no sign allowed */
export function parseUint64 (value: string, bits: 32 | 64): bigint | undefined {
  const magnitude = parseMagnitude(value)
  if (magnitude === undefined || magnitude >= (1n << BigInt(bits))) {
    return undefined
  }
  return magnitude
}
