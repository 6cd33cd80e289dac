import { applyHeaders, bodyPending, hasBody, headerValue, sortHeaders } from './write/headers.ts'
import { raceSignal, release, writeChunk } from './write/race.ts'
import { canTrail } from './write/preamble.ts'
import type { Sink } from './write/sink.ts'
import type { CallOptions, RawRequest, RawResponse, RequestContext } from '@composite-ipfs/interface'
import type { IncomingMessage } from 'node:http'

/** Headers that belong to one connection, or that this server manages itself */
const NOT_COPIED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'trailer', 'vary'])

/** Only what the upstream needs to read the body: never Origin, Referer, User-Agent or credentials */
function forwardedHeaders (req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const name of ['content-type', 'content-length']) {
    const value = req.headers[name]
    if (typeof value === 'string') {
      headers[name] = value
    }
  }
  return headers
}

/**
 * The body as a reader may leave it: a reader that stops early (undici does when its upstream
 * answers first) returns the iterator, which would destroy the request, and a destroyed
 * request stops its socket from reading, so the client could never finish its upload nor close
 * (the connection then hangs until it is cut). This one only lets go; `drainUnread` drops the rest.
 */
function unowned (req: IncomingMessage): AsyncIterable<Uint8Array> {
  return { [Symbol.asyncIterator]: () => req.iterator({ destroyOnReturn: false }) }
}

export function rawRequest (req: IncomingMessage, command: string): RawRequest {
  const url = req.url ?? ''
  const question = url.indexOf('?')
  const request: RawRequest = { command, query: question === -1 ? '' : url.slice(question + 1), headers: forwardedHeaders(req) }
  if (hasBody(req)) {
    request.body = unowned(req)
  }
  return request
}

function headerOf (headers: RawResponse['headers'], name: string): string | string[] | undefined {
  const key = Object.keys(headers).find((key) => key.toLowerCase() === name)
  return key === undefined ? undefined : headers[key]
}

function streamError (trailers: Record<string, string>): string {
  return (Object.entries(trailers).find(([name]) => name.toLowerCase() === 'x-stream-error')?.[1] ?? '').trim()
}

/**
 * Forwards a command byte for byte: status, headers, body and trailers as the upstream sent them.
 * `commandHeaders` (Server, CORS) are added when the upstream reached a command, which Kubo
 * marks with its own `Server` header. An upstream body that breaks is mirrored as an abnormal end.
 */
export async function forward (ctx: RequestContext, sink: Sink, passthrough: (request: RawRequest, options?: CallOptions) => Promise<RawResponse>, command: string, extra: Partial<CallOptions>): Promise<void> {
  const { req, res, signal } = sink
  const response = await raceSignal(passthrough(rawRequest(req, command), { ...extra, signal }), signal)
  for (const [name, value] of Object.entries(response.headers)) {
    if (!NOT_COPIED.has(name.toLowerCase())) {
      res.setHeader(name, value)
    }
  }
  if (headerOf(response.headers, 'server') !== undefined) {
    applyHeaders(res, ctx.commandHeaders)
  }
  const trailer = headerOf(response.headers, 'trailer')
  // trailers need a chunked body: none for an upstream Content-Length, nor for an HTTP/1.0 client
  const chunked = headerOf(response.headers, 'content-length') === undefined && canTrail(res)
  if (trailer !== undefined && chunked) {
    res.setHeader('Trailer', trailer)
  }
  if (bodyPending(req)) {
    res.setHeader('Connection', 'close')
  }
  sortHeaders(res)
  res.writeHead(response.status)
  const iterator = response.body[Symbol.asyncIterator]()
  try {
    while (true) {
      const next = await raceSignal(iterator.next(), signal)
      if (next.done === true) {
        break
      }
      await writeChunk(res, next.value, signal)
    }
  } catch (err) {
    release(iterator)
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { abortStream: true })
  }
  const trailers = response.trailers === undefined ? {} : await raceSignal(response.trailers, signal).catch(() => ({}))
  if (trailer !== undefined && chunked && Object.keys(trailers).length > 0) {
    res.addTrailers(Object.fromEntries(Object.entries(trailers).map(([name, value]) => [name, headerValue(value)])))
  } else if (!chunked && streamError(trailers)) {
    // the upstream body ended in an error its client cannot be told of in a trailer: cut it short
    throw Object.assign(new Error(streamError(trailers)), { abortStream: true })
  }
  res.end()
}
