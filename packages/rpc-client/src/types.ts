import type { CallTrace, Logger } from '@composite-ipfs/interface'
import type { Endpoint } from './endpoint.ts'
import type { QueryInput } from './query.ts'
import type { RequestBody } from './body-source.ts'
import type { RpcResponse } from './response.ts'
import type { Dispatcher } from 'undici'

export interface RpcTimeouts {
  /**
   * Milliseconds to open a connection (TCP and TLS handshake)
   *
   * @default 5000
   */
  connect?: number
  /**
   * Milliseconds to wait for response headers once the request was sent. Kubo answers `add`
   * only after the first file was imported, so keep this generous.
   *
   * @default 300000
   */
  headers?: number
  /**
   * Milliseconds allowed between two chunks of a response body (0 disables)
   *
   * @default 300000
   */
  body?: number
}

export interface RpcClientInit {
  /** One or more endpoints of the same service, tried in order; the last healthy one is used first */
  endpoints: Array<string | Endpoint>
  /** Connect, headers and body timeouts (per request, per endpoint) */
  timeouts?: RpcTimeouts
  /**
   * How many more attempts a request may make after the first; each one goes to the next endpoint
   *
   * @default Math.max(2, endpoints.length - 1)
   */
  retries?: number
  /**
   * Milliseconds to wait before starting another round over all endpoints (doubles each round)
   *
   * @default 100
   */
  retryDelay?: number
  /**
   * A dispatcher to send requests through instead of one keep-alive pool per endpoint. The
   * interceptors are composed on top of it; `tls` and the connect timeout are then its business,
   * and `close()` leaves it open.
   *
   * @default undefined (a `Pool` per endpoint)
   */
  dispatcher?: Dispatcher
  /**
   * The `User-Agent` sent upstream (callers' agents never are)
   *
   * @default undefined (none)
   */
  userAgent?: string
  /**
   * Milliseconds an idle keep-alive connection is kept
   *
   * @default 10000
   */
  keepAliveTimeout?: number
  /**
   * Milliseconds `close()` waits for requests in flight before cutting them
   *
   * @default 2000
   */
  closeTimeout?: number
  /**
   * The host's logger: a warning when an endpoint fails and calls move to another one (once
   * per endpoint until it answers again), and a line when it answers again
   *
   * @default undefined (silent)
   */
  logger?: Logger
}

/** One outbound request */
export interface RpcRequest {
  /** @default 'POST' */
  method?: string
  /** The path, e.g. `/api/v0/pin/ls` */
  path: string
  /** A string is sent as it is; a record or `URLSearchParams` is encoded (arrays repeat the key) */
  query?: QueryInput
  headers?: Record<string, string | string[] | undefined>
  body?: RequestBody
  /**
   * Whether the request may be replayed on another endpoint after it was sent
   *
   * @default true for GET/HEAD/OPTIONS and for Kubo commands declared non-mutating, false otherwise
   */
  idempotent?: boolean
  signal?: AbortSignal
  /** A deadline in milliseconds for the whole call, body included; fails with `context deadline exceeded` */
  timeout?: number
  /**
   * The composite-node IDs the request went through (`CallOptions.via`), sent as `X-Composite-Via`
   *
   * @default undefined (no header)
   */
  via?: readonly string[]
  /**
   * The hop count (`CallOptions.hops`), sent as `X-Composite-Hops` (at least `via.length`)
   *
   * @default undefined (no header, unless `via` is set)
   */
  hops?: number
  /** Sent as `X-Request-Id` (`CallOptions.requestId`) */
  requestId?: string
  /** Told which endpoint answered, how fast, and each failover (`CallOptions.trace`) */
  trace?: CallTrace
}

/** Options of `kuboJson` and `kuboNdjson`, which POST to `/api/v0/<command>` */
export interface KuboCallOptions extends Omit<RpcRequest, 'path' | 'method'> {
  /** Positional arguments, sent as repeated `arg` parameters after `query` */
  args?: readonly string[]
  /** Keys whose integer values are parsed as exact `bigint`s (e.g. `StorageMax`) */
  bigints?: readonly string[]
  /** When the command fails after its first byte, ask the server to end its own stream abnormally */
  abortStreamOnError?: boolean
}

/** The outbound client shared by every connector */
export interface RpcClient {
  /** The endpoints, as printable URLs without credentials */
  readonly endpoints: readonly string[]
  /** Sends a request, failing over between endpoints; any status is returned as it came */
  request: (request: RpcRequest) => Promise<RpcResponse>
  /** Calls a Kubo command answering one JSON value; non-200 throws `UpstreamError` with Kubo's `Message` verbatim */
  kuboJson: <T = unknown>(command: string, options?: KuboCallOptions) => Promise<T>
  /** Calls a Kubo command answering NDJSON; values are yielded as their lines arrive */
  kuboNdjson: <T = unknown>(command: string, options?: KuboCallOptions) => AsyncGenerator<T, void, undefined>
  /** Closes the pools; later calls fail with `ClientClosedError` */
  close: () => Promise<void>
}
