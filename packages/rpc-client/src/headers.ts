import type { IncomingHttpHeaders } from 'node:http'

/** Header values as undici accepts them in dispatch options */
export type HeaderInput = Record<string, string | string[] | number | undefined | null> | Array<string | string[]> | Iterable<[string, string | string[] | undefined]> | null | undefined

export type HeaderRecord = Record<string, string | string[]>

/**
 * Normalises any header form undici accepts (object, flat `[k, v, k, v]` array, iterable of
 * pairs) into a record with lower-cased names, so interceptors can edit it.
 */
export function toHeaderRecord (headers: HeaderInput): HeaderRecord {
  const out: HeaderRecord = {}
  const add = (name: string, value: unknown): void => {
    if (value === undefined || value === null) return
    const key = name.toLowerCase()
    const values = Array.isArray(value) ? value.map(String) : [String(value)]
    const prev = out[key]
    out[key] = prev === undefined ? (values.length === 1 ? values[0] : values) : [...[prev].flat(), ...values]
  }
  if (headers == null) return out
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const [k, v] of headers as unknown as Array<[string, string]>) add(k, v)
    } else {
      for (let i = 0; i + 1 < headers.length; i += 2) add(String(headers[i]), headers[i + 1])
    }
    return out
  }
  if (Symbol.iterator in headers && typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [k, v] of headers as Iterable<[string, string]>) add(k, v)
    return out
  }
  for (const [k, v] of Object.entries(headers)) add(k, v)
  return out
}

/** Response headers as a plain record (undici already lower-cases names) */
export function responseHeaders (headers: IncomingHttpHeaders): HeaderRecord {
  const out: HeaderRecord = {}
  // for-in over undici's plain record: Object.entries would allocate a pair per header
  for (const k in headers) {
    const v = headers[k]
    if (v !== undefined && Object.hasOwn(headers, k)) out[k] = v
  }
  return out
}

/** The first value of a header, or undefined */
export function headerValue (headers: HeaderRecord, name: string): string | undefined {
  const v = headers[name.toLowerCase()]
  return Array.isArray(v) ? v[0] : v
}
