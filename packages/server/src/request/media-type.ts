/**
 * A small `mime.ParseMediaType` for `Content-Type` and `Content-Disposition` values:
 * a lower-cased type, then `; key=value` parameters where the value is a token or a quoted
 * string, plus RFC 5987 `key*=utf-8''...` values. Like Go, a malformed parameter list yields
 * no parameters at all.
 */

export interface MediaType {
  /** Lower-cased, e.g. `multipart/form-data` or `form-data`; `''` when absent */
  type: string
  /** Lower-cased parameter names */
  params: Map<string, string>
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/

function readQuoted (text: string): [string, number] | undefined {
  let value = ''
  for (let i = 1; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      return [value, i + 1]
    }
    if (c === '\\' && i + 1 < text.length) {
      i++
      value += text[i]
    } else {
      value += c
    }
  }
  return undefined
}

function decodeExtended (value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value)
  if (match === null || !/^(utf-8|us-ascii)$/i.test(match[1])) {
    return undefined
  }
  try {
    return decodeURIComponent(match[2])
  } catch {
    return undefined
  }
}

function parseParams (text: string): Map<string, string> | undefined {
  const params = new Map<string, string>()
  let rest = text.trimStart()
  while (rest !== '') {
    if (!rest.startsWith(';')) {
      return undefined
    }
    rest = rest.slice(1).trimStart()
    if (rest === '') {
      break // Go tolerates a trailing semicolon
    }
    const key = TOKEN.exec(rest)?.[0]
    if (key === undefined || rest[key.length] !== '=') {
      return undefined
    }
    rest = rest.slice(key.length + 1)
    const quoted = rest.startsWith('"') ? readQuoted(rest) : undefined
    const token = quoted === undefined ? TOKEN.exec(rest)?.[0] : undefined
    if (quoted === undefined && token === undefined) {
      return undefined
    }
    const [value, consumed] = quoted ?? [token ?? '', token?.length ?? 0]
    rest = rest.slice(consumed).trimStart()
    const name = key.toLowerCase()
    if (name.endsWith('*')) {
      const decoded = decodeExtended(value)
      if (decoded !== undefined) {
        params.set(name.slice(0, -1), decoded)
      }
    } else if (params.has(name)) {
      return undefined // Go: duplicate parameter name
    } else {
      params.set(name, value)
    }
  }
  return params
}

/** Parses a media type; never throws */
export function parseMediaType (value: string | undefined): MediaType {
  if (value === undefined) {
    return { type: '', params: new Map() }
  }
  const semicolon = value.indexOf(';')
  const type = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase()
  const params = semicolon === -1 ? new Map<string, string>() : parseParams(value.slice(semicolon))
  return { type, params: params ?? new Map() }
}
