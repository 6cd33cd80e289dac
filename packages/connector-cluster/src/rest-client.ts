import { ClientClosedError, parseNdjson, readText, rpcClient } from '@composite-ipfs/rpc-client'
import { ClusterApiError } from './errors.ts'
import { apiError, restAnswer } from './rest-errors.ts'
import type { Endpoint, RpcClient, RpcRequest, RpcResponse, RpcTimeouts } from '@composite-ipfs/rpc-client'
import type { CallOptions, CallTrace, Logger } from '@composite-ipfs/interface'
import type { Dispatcher } from 'undici'

export interface RestClientInit {
  endpoints: Array<string | Endpoint>
  timeouts?: RpcTimeouts
  retries?: number
  dispatcher?: Dispatcher
  logger?: Logger
}

export interface RestCallOptions {
  query?: Record<string, string>
  headers?: Record<string, string>
  body?: RpcRequest['body']
  /** Safe to send again to another endpoint after a failure (reads, re-pins, unpins) */
  idempotent?: boolean
  signal?: AbortSignal
  /** A deadline in ms for the whole call */
  timeout?: number
  /** The request this call is made for: sent as `X-Request-Id` */
  requestId?: string
  /** The request's trace (which endpoint answered, failovers) */
  trace?: CallTrace
}

/**
 * The undercluster's REST API over `rpcClient` (keep-alive pools, endpoint failover, TLS,
 * authorization). REST errors become `ClusterApiError`s naming the endpoint that answered.
 * It opens when made; after `close()`, calls fail with `ClientClosedError` until `open()`.
 */
export class RestClient {
  readonly #init: RestClientInit
  #client: RpcClient | undefined

  constructor (init: RestClientInit) {
    this.#init = init
    this.open()
  }

  /** Makes new connection pools after a `close()`; nothing when open */
  open (): void {
    const { endpoints, timeouts, retries, dispatcher, logger } = this.#init
    this.#client ??= rpcClient({ endpoints, timeouts, retries, dispatcher, logger })
  }

  /** Sends a request; any status >= 300 is thrown as a `ClusterApiError` */
  async call (method: string, path: string, options: RestCallOptions = {}): Promise<RpcResponse> {
    if (this.#client === undefined) throw new ClientClosedError('the cluster connector is stopped')
    const res = await this.#client.request({
      method,
      path,
      query: options.query,
      headers: options.headers,
      body: options.body,
      idempotent: options.idempotent ?? method === 'GET',
      signal: options.signal,
      timeout: options.timeout,
      requestId: options.requestId,
      trace: options.trace
    }).catch((err: unknown) => { throw restAnswer(err) ?? err })
    if (res.status >= 300) throw await apiError(res)
    return res
  }

  /** One JSON value; `undefined` for a 204 */
  async json<T> (method: string, path: string, options: RestCallOptions = {}): Promise<T | undefined> {
    const res = await this.call(method, path, options)
    const text = await readText(res.body)
    if (res.status === 204 || text.trim() === '') return undefined
    return JSON.parse(text) as T
  }

  /**
   * Starts a streaming request and resolves once its headers arrived, so that several
   * streams can be opened at once and read one after the other. A 204 is an empty stream;
   * a non-empty `X-Stream-Error` trailer is thrown after the last value. `parse` turns each
   * line into a value (`JSON.parse` by default); it may skip lines it need not parse.
   */
  async stream<T> (method: string, path: string, options: RestCallOptions = {}, parse?: (line: string) => T): Promise<AsyncIterable<T>> {
    const res = await this.call(method, path, options)
    return readStream<T>(res, parse)
  }

  async close (): Promise<void> {
    const client = this.#client
    this.#client = undefined
    await client?.close()
  }
}

async function * readStream<T> (res: RpcResponse, parse?: (line: string) => T): AsyncGenerator<T, void, undefined> {
  if (res.status === 204) {
    // empty: reading it to the end frees the connection (destroying it would raise UND_ERR_ABORTED)
    for await (const _ of res.body) { /* nothing */ }
    return
  }
  yield * parseNdjson<T>(res.body, parse)
  const trailers = await res.trailers.catch(() => ({} as Record<string, string>))
  const streamError = trailerValue(trailers, 'x-stream-error')
  if (streamError !== '') {
    throw new ClusterApiError(streamError, { endpoint: res.endpoint, upstreamStatus: 500 })
  }
}

function trailerValue (trailers: Record<string, string>, name: string): string {
  for (const [key, value] of Object.entries(trailers)) {
    if (key.toLowerCase() === name) return String(value).trim()
  }
  return ''
}

/** The fields of a request's call options a REST call made for it carries: signal, request ID, trace */
export function restCallOf (options: CallOptions): Pick<RestCallOptions, 'signal' | 'requestId' | 'trace'> {
  return { signal: options.signal, requestId: options.requestId, trace: options.trace }
}
