import { canonicalHeaderName } from '@composite-ipfs/interface'
import { bodyPending, EXPOSED_HEADERS } from './headers.ts'
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface Preamble {
  /** `stream` adds `X-Chunked-Output: 1`; `bytes` adds `X-Stream-Output: 1` */
  kind: 'single' | 'stream' | 'bytes' | 'error'
  contentType: string
  /** `X-Content-Length`, for byte outputs whose length is known */
  length?: bigint
  /** @default 200 */
  status?: number
}

/**
 * The headers go-ipfs-cmds writes before the first value of every command response
 * (`responseEmitter.doPreamble`). The `X-Stream-Error` trailer is declared only where the body
 * is chunked: an HTTP/1.0 client (nginx's default upstream protocol, `curl -0`) gets a plain body
 * ended by closing the connection, and node refuses to write a head that declares a trailer it
 * cannot send.
 */
export function writePreamble (req: IncomingMessage, res: ServerResponse, preamble: Preamble): void {
  // set once, in Go's order, with what is already there (Vary, Server, ...): setting them first
  // and sorting after would set and remove each of them once more
  const headers = new Map<string, number | string | string[]>()
  for (const name of res.getHeaderNames()) {
    const value = res.getHeader(name)
    res.removeHeader(name)
    if (value !== undefined) headers.set(canonicalHeaderName(name), value)
  }
  headers.set('Access-Control-Allow-Headers', EXPOSED_HEADERS)
  headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS)
  if (canTrail(res)) {
    headers.set('Trailer', 'X-Stream-Error')
  }
  if (bodyPending(req)) {
    headers.set('Connection', 'close')
  }
  if (preamble.kind === 'stream') {
    headers.set('X-Chunked-Output', '1')
  } else if (preamble.kind === 'bytes') {
    headers.set('X-Stream-Output', '1')
    if (preamble.length !== undefined) {
      headers.set('X-Content-Length', preamble.length.toString())
    }
  }
  headers.set('Content-Type', preamble.contentType)
  for (const name of [...headers.keys()].sort()) {
    res.setHeader(name, headers.get(name) as number | string | string[])
  }
  res.writeHead(preamble.status ?? 200)
}

/** Whether this response can carry trailers: a chunked body, which HTTP/1.0 clients cannot take */
export function canTrail (res: ServerResponse): boolean {
  return res.useChunkedEncodingByDefault
}
