import { bodyPending, EXPOSED_HEADERS, sortHeaders } from './headers.ts'
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
 * (`responseEmitter.doPreamble`). The declared trailer makes node use chunked encoding.
 */
export function writePreamble (req: IncomingMessage, res: ServerResponse, preamble: Preamble): void {
  res.setHeader('Access-Control-Allow-Headers', EXPOSED_HEADERS)
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS)
  res.setHeader('Trailer', 'X-Stream-Error')
  if (bodyPending(req)) {
    res.setHeader('Connection', 'close')
  }
  if (preamble.kind === 'stream') {
    res.setHeader('X-Chunked-Output', '1')
  } else if (preamble.kind === 'bytes') {
    res.setHeader('X-Stream-Output', '1')
    if (preamble.length !== undefined) {
      res.setHeader('X-Content-Length', preamble.length.toString())
    }
  }
  res.setHeader('Content-Type', preamble.contentType)
  sortHeaders(res)
  res.writeHead(preamble.status ?? 200)
}
