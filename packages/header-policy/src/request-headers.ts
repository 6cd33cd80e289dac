import type { IncomingMessage } from 'node:http'

/**
 * The first value of a request header, like Go's `Header.Get`; an empty value counts as
 * absent, as it does for every check in go-ipfs-cmds and rs/cors. Node joins repeated
 * `Origin` headers with `, `, so the distinct values are read when Node has them.
 */
export function firstHeader (req: IncomingMessage, name: string): string | undefined {
  const distinct = req.headersDistinct?.[name]
  const value = distinct !== undefined && distinct.length > 0 ? distinct[0] : req.headers[name]
  const first = Array.isArray(value) ? value[0] : value
  return first === undefined || first === '' ? undefined : first
}

/** Every value of a request header (rs/cors reads all `Access-Control-Request-Headers` lines) */
export function allHeaders (req: IncomingMessage, name: string): string[] | undefined {
  const distinct = req.headersDistinct?.[name]
  if (distinct !== undefined && distinct.length > 0) return distinct
  const value = req.headers[name]
  if (value === undefined) return undefined
  return Array.isArray(value) ? value : [value]
}
