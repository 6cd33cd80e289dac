/**
 * @packageDocumentation
 *
 * The outbound layer shared by every composite-ipfs connector: one keep-alive undici pool per
 * endpoint, composed with small interceptors (endpoint authorization, stripping of caller
 * headers that must never go upstream, timeouts), failover across endpoints with p-retry
 * (reads move on, writes only when nothing was sent), Kubo error decoding with the upstream
 * `Message` kept verbatim, and the codecs of the Kubo wire: typed options to query strings,
 * a streaming multipart encoder, an NDJSON splitter and exact-bigint JSON parsing.
 *
 * @example
 *
 * ```ts
 * import { rpcClient, toQuery } from '@composite-ipfs/rpc-client'
 * import { commands } from '@composite-ipfs/interface'
 *
 * const client = rpcClient({ endpoints: ['http://127.0.0.1:5001', { url: 'https://kubo-2:5001', authorization: 'Bearer s3cret' }] })
 * const { ID } = await client.kuboJson<{ ID: string }>('id')
 * for await (const pin of client.kuboNdjson('pin/ls', { query: toQuery(commands.pinLs, [], { stream: true }) })) {
 *   console.log(pin)
 * }
 * await client.close()
 * ```
 */
import { FailoverRpcClient } from './rpc-client.ts'
import type { RpcClient, RpcClientInit } from './types.ts'

/**
 * Creates the outbound client for one service reachable at one or more endpoints.
 *
 * @example
 * ```ts
 * const client = rpcClient({ endpoints: ['http://127.0.0.1:5001'], timeouts: { connect: 2000 } })
 * const res = await client.request({ path: '/api/v0/version' })
 * console.log(res.status, res.endpoint)
 * ```
 */
export function rpcClient (init: RpcClientInit): RpcClient {
  return new FailoverRpcClient(init)
}

export type { RpcClient, RpcClientInit, RpcRequest, RpcTimeouts, KuboCallOptions } from './types.ts'
export type { RpcResponse } from './response.ts'
export type { Endpoint, EndpointTls } from './endpoint.ts'
export type { MultipartBody, EncodeMultipartOptions } from './multipart.ts'
export type { QueryInput } from './query.ts'
export type { RequestBody } from './body-source.ts'
export type { KuboErrorBody } from './kubo-error.ts'
export type { StripHeadersOptions } from './interceptors/strip-headers.ts'
export type { TimeoutsOptions } from './interceptors/timeouts.ts'
export { redactUrl } from '@composite-ipfs/interface'
export { toQuery, toSearchParams } from './query.ts'
export { encodeMultipart } from './multipart.ts'
export { parseNdjson } from './ndjson.ts'
export { parseJsonBigInts } from './json-bigint.ts'
export { isErrorAnswer, kuboError, parseKuboError } from './kubo-error.ts'
export { throwIfFailed, throwIfStreamError } from './kubo-calls.ts'
export { readBytes, readText } from './read-body.ts'
export { headerValue } from './headers.ts'
export type { HeaderRecord } from './headers.ts'
export { isIdempotent } from './idempotence.ts'
export { authorization } from './interceptors/authorization.ts'
export { stripHeaders, STRIPPED_HEADERS, isKuboAgent } from './interceptors/strip-headers.ts'
export { timeouts } from './interceptors/timeouts.ts'
export { trackRequestStart } from './interceptors/track-request-start.ts'
export { compositeHops, COMPOSITE_HOPS_HEADER, COMPOSITE_VIA_HEADER } from './interceptors/composite-hops.ts'
export { outbound } from './interceptors/outbound.ts'
export type { OutboundOptions } from './interceptors/outbound.ts'
export type { RequestStartOptions } from './interceptors/track-request-start.ts'
export type { CompositeHopsOptions } from './interceptors/composite-hops.ts'
export { ClientClosedError } from './errors.ts'
