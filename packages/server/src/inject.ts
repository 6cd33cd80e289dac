import { request as httpRequest } from 'node:http'
import { duplexPair } from 'node:stream'
import type { InjectRequest, InjectResponse } from './types.ts'
import type { IncomingMessage, Server } from 'node:http'

async function sendBody (req: ReturnType<typeof httpRequest>, body: InjectRequest['body']): Promise<void> {
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
    req.end(body)
    return
  }
  for await (const chunk of body) {
    if (req.destroyed) {
      return
    }
    if (!req.write(chunk)) {
      await new Promise((resolve) => { req.once('drain', resolve); req.once('close', resolve) })
    }
  }
  req.end()
}

function collect (res: IncomingMessage, raw: Buffer[], request: InjectRequest): Promise<InjectResponse> {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => { chunks.push(chunk); request.onChunk?.(chunk) })
  return new Promise((resolve) => {
    const done = (): void => {
      const body = Buffer.concat(chunks)
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        rawHeaders: res.rawHeaders,
        body,
        trailers: res.trailers,
        complete: res.complete,
        raw: Buffer.concat(raw),
        text: () => body.toString('utf8'),
        json: () => JSON.parse(body.toString('utf8'))
      })
    }
    res.once('end', done)
    res.once('error', done)
    res.once('close', done)
  })
}

/**
 * Sends a request through `server` over an in-memory socket pair: node's own HTTP parser and
 * writer run on both sides, so status, headers, chunked framing, trailers and abnormal ends are
 * exactly what a real client would see.
 */
export async function inject (server: Server, request: InjectRequest): Promise<InjectResponse> {
  const [serverSide, clientSide] = duplexPair()
  const raw: Buffer[] = []
  clientSide.on('data', (chunk: Buffer) => { raw.push(chunk) })
  // a pair does not carry a destroy across: a server that drops the connection must be seen
  serverSide.once('close', () => { clientSide.destroy() })
  server.emit('connection', serverSide)
  const headers: Record<string, string | string[]> = { host: 'localhost', connection: 'keep-alive', ...request.headers }
  if (typeof request.body === 'string' || request.body instanceof Uint8Array) {
    headers['content-length'] ??= String(Buffer.byteLength(request.body))
  }
  const req = httpRequest({ method: request.method ?? 'POST', path: request.path, headers, createConnection: () => clientSide })
  const onAbort = (): void => { req.destroy() }
  request.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const response = new Promise<InjectResponse>((resolve, reject) => {
      req.once('response', (res) => { resolve(collect(res, raw, request)) })
      // a CONNECT answer hands the socket over instead of emitting a response
      req.once('connect', (res) => { res.push(null); resolve(collect(res, raw, request)) })
      req.once('error', reject)
    })
    sendBody(req, request.body).catch(() => {})
    return await response
  } finally {
    request.signal?.removeEventListener('abort', onAbort)
    clientSide.destroy()
    serverSide.destroy()
  }
}
