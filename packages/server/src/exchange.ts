import type { RequestContext } from '@composite-ipfs/interface'

/** Value encodings Kubo accepts over HTTP and this server writes (`xml` is not written) */
export type Encoding = 'json' | 'text' | 'textnl' | 'octet-stream'

/** What the core learned about a request that the one error writer needs */
export interface Exchange {
  /** How values and command errors are encoded; `json` until the request was parsed */
  encoding: Encoding
  /** End the chunked body abnormally on a mid-stream error, instead of writing the trailer */
  abortStream: boolean
}

/** The exchange kept on a context (`ServerContext.exchange`), made on first use */
export function exchangeOf (ctx: RequestContext): Exchange {
  const server = ctx as RequestContext & { exchange?: Exchange }
  server.exchange ??= { encoding: 'json', abortStream: false }
  return server.exchange
}

/** Kubo's MIME type for each encoding (go-ipfs-cmds `mimeTypes`, `text/plain` as the catch-all) */
export function mimeOf (encoding: Encoding): string {
  switch (encoding) {
    case 'json': return 'application/json'
    case 'octet-stream': return 'application/octet-stream'
    default: return 'text/plain'
  }
}
