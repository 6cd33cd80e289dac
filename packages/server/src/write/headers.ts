import { canonicalHeaderName } from '@composite-ipfs/interface'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** go-ipfs-cmds sets these as both the allowed and the exposed CORS headers of every command response */
export const EXPOSED_HEADERS = 'X-Stream-Output, X-Chunked-Output, X-Content-Length'

/** Adds tokens to `Vary` unless present, so middleware and core can both ask for `Origin` */
export function appendVary (res: ServerResponse, ...tokens: string[]): void {
  const current = res.getHeader('Vary')
  // the common case (the header policy already set `Vary: Origin`): nothing to add
  if (tokens.length === 1 && typeof current === 'string' && current.toLowerCase() === tokens[0].toLowerCase()) {
    return
  }
  const values = (Array.isArray(current) ? current.join(', ') : String(current ?? ''))
    .split(',').map((token) => token.trim()).filter((token) => token !== '')
  const lower = new Set(values.map((token) => token.toLowerCase()))
  for (const token of tokens) {
    if (!lower.has(token.toLowerCase())) {
      values.push(token)
      lower.add(token.toLowerCase())
    }
  }
  res.setHeader('Vary', values.join(', '))
}

/** Whether the headers are already set in canonical form and Go's order, as set again they would be */
function inOrder (names: string[]): boolean {
  for (let i = 0; i < names.length; i++) {
    if (names[i] !== canonicalHeaderName(names[i]) || (i > 0 && names[i - 1] >= names[i])) {
      return false
    }
  }
  return true
}

/** Go writes response headers sorted by name; set them again in that order (unless they are) */
export function sortHeaders (res: ServerResponse): void {
  // on every OutgoingMessage since node 15.13, typed only on ClientRequest
  if (inOrder((res as ServerResponse & { getRawHeaderNames: () => string[] }).getRawHeaderNames())) {
    return
  }
  const entries = res.getHeaderNames().map((name) => [canonicalHeaderName(name), res.getHeader(name)] as const)
  entries.sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
  for (const [name] of entries) {
    res.removeHeader(name)
  }
  for (const [name, value] of entries) {
    if (value !== undefined) {
      res.setHeader(name, value)
    }
  }
}

/** Copies headers the middleware asked for (Kubo's `API.HTTPHeaders` step, plus `Server`) */
export function applyHeaders (res: ServerResponse, headers: ReadonlyMap<string, string | string[]>): void {
  for (const [name, value] of headers) {
    res.setHeader(name, value)
  }
}

/** Whether the request has a body (Go: `r.Body != http.NoBody`) */
export function hasBody (req: IncomingMessage): boolean {
  const length = req.headers['content-length']
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

/**
 * Kubo answers `Connection: close` when it starts the response before the request body was
 * read to its end (go-ipfs-cmds `bodyEOFChan`): the rest of the body cannot be trusted to be
 * drained, so the connection must not be reused.
 */
export function bodyPending (req: IncomingMessage): boolean {
  return hasBody(req) && !req.readableEnded
}

/** Go's `http.Header` write replaces CR and LF; node refuses other control bytes and non-Latin-1 */
export function headerValue (value: string): string {
  const bytes = Buffer.from(value.replace(/[\r\n]/g, ' '), 'utf8').toString('latin1')
  return bytes.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ' ')
}
