import { carriedOf } from './kubo-calls.ts'
import type { CallOptions, RawRequest, RawResponse } from '@composite-ipfs/interface'
import type { RpcClient } from '@composite-ipfs/rpc-client'

/** Response headers that describe the upstream connection, not the answer */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-connection', 'te', 'transfer-encoding', 'upgrade'])

/**
 * The upstream path of a decoded command path, each segment re-encoded: a `?`, `#` or `%2F`
 * that the caller percent-encoded stays data and never becomes a query, a fragment or a new
 * path segment upstream (`id%2F..%2Fconfig%2Fshow` must not reach Kubo as `id/../config/show`).
 */
export function upstreamPath (command: string): string {
  return `/api/v0/${command.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/')}`
}

/**
 * Forwards a command without a typed handler byte for byte: the query as it came, the body
 * streamed, and the answer (status, headers without hop-by-hop ones, body, trailers) handed
 * back unread. The rpc client drops the caller's Origin, Referer, User-Agent and Authorization.
 * Unknown commands count as writes: they move to another endpoint only if nothing was sent.
 */
export async function passthrough (client: RpcClient, raw: RawRequest, options: CallOptions = {}): Promise<RawResponse> {
  const res = await client.request({
    method: 'POST',
    path: upstreamPath(raw.command),
    query: raw.query,
    headers: raw.headers,
    body: raw.body,
    signal: options.signal,
    ...carriedOf(options)
  })
  const headers: RawResponse['headers'] = {}
  for (const [name, value] of Object.entries(res.headers)) {
    if (!HOP_BY_HOP.has(name)) headers[name] = value
  }
  return { status: res.status, headers, body: res.body, trailers: res.trailers }
}
