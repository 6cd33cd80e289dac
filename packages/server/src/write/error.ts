import { jsonLine } from '@composite-ipfs/interface'
import { mimeOf } from '../exchange.ts'
import { bodyPending, headerValue, sortHeaders } from './headers.ts'
import { canTrail, writePreamble } from './preamble.ts'
import type { Exchange } from '../exchange.ts'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** An error as the wire sees it */
export interface WireError {
  message: string
  /** Kubo `Code` */
  code: number
  status: number
  /** Plain-text `http.Error` answer (400 parse, 403, 404, 405, 413) instead of a JSON command error */
  transport: boolean
  /** End the chunked body abnormally if the error comes after the first byte */
  abortStream: boolean
}

function describe (value: unknown): string {
  try {
    return String(value)
  } catch {
    return 'an error occurred' // go-ipfs-cmds' text for a panic
  }
}

/**
 * Reads what an error asks for without `instanceof`: errors cross package copies and process
 * boundaries, so `status`, `kuboCode` and `transport` are read as plain properties. An unknown
 * error is a Kubo `ErrNormal`: its message, Code 0, status 500.
 */
export function toWireError (err: unknown): WireError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>
  const message = typeof e.message === 'string' ? e.message : describe(err)
  const code = typeof e.kuboCode === 'number' ? e.kuboCode : 0
  const status = typeof e.status === 'number' && typeof e.kuboCode === 'number' ? e.status : 500
  return { message, code, status, transport: e.transport === true, abortStream: e.abortStream === true }
}

/** go `http.Error`: the message and a newline, `text/plain; charset=utf-8`, `nosniff` */
export function writePlain (res: ServerResponse, status: number, message: string): void {
  if (res.hasHeader('Content-Length')) {
    res.removeHeader('Content-Length') // removing it when absent would make node switch to chunked
  }
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.setHeader('X-Content-Type-Options', 'nosniff')
  if (status === 405) {
    res.setHeader('Allow', 'OPTIONS, POST')
  }
  sortHeaders(res)
  const body = `${message}\n`
  // explicit, and after the sort like Go's extra headers, so that HEAD answers carry it too
  res.setHeader('Content-Length', Buffer.byteLength(body))
  res.statusCode = status
  res.end(body)
}

/** Ends a chunked body without its terminating chunk: clients that ignore trailers see a broken body */
function abortBody (res: ServerResponse): void {
  const socket = res.socket
  if (socket === null) {
    res.destroy()
    return
  }
  if (!canTrail(res)) {
    // an HTTP/1.0 body ends where the connection does: a FIN would read as a whole answer, a reset cannot
    socket.resetAndDestroy()
    return
  }
  // a chunked body cut before its last chunk: the client sees it incomplete
  socket.once('finish', () => socket.destroy())
  socket.end()
}

/**
 * The one place that turns errors into wire bytes. Before the first byte: a plain-text transport
 * error, or `{"Message","Code","Type":"error"}` with the preamble headers (bare message for text
 * encodings). After it: the `X-Stream-Error` trailer, or an abnormal end when asked for.
 */
export function writeError (req: IncomingMessage, res: ServerResponse, exchange: Exchange, err: unknown): void {
  if (res.writableEnded || res.destroyed) {
    return
  }
  const wire = toWireError(err)
  if (res.headersSent) {
    // without a trailer (HTTP/1.0) only an abnormal end can say the body is not whole
    if (wire.abortStream || exchange.abortStream || !canTrail(res)) {
      abortBody(res)
      return
    }
    res.addTrailers({ 'X-Stream-Error': headerValue(wire.message) })
    res.end()
    return
  }
  if (wire.transport) {
    if (bodyPending(req)) {
      // as Go does: node would otherwise read an unread body to its end to reuse the connection
      res.setHeader('Connection', 'close')
    }
    writePlain(res, wire.status, wire.message)
    return
  }
  const json = exchange.encoding === 'json'
  writePreamble(req, res, { kind: 'error', contentType: mimeOf(exchange.encoding), status: wire.status })
  res.end(json
    ? jsonLine({ Message: wire.message, Code: wire.code, Type: 'error' })
    : wire.message + (exchange.encoding === 'textnl' ? '\n' : ''))
}
