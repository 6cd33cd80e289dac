import { Pool } from 'undici'
import { outbound } from './interceptors/outbound.ts'
import type { ResolvedEndpoint } from './endpoint.ts'
import type { Dispatcher } from 'undici'

export interface EndpointDispatcherOptions {
  /** Connect timeout in ms (TCP + TLS handshake) */
  connect: number
  headers: number
  body: number
  /** Idle keep-alive sockets are closed after this many ms */
  keepAlive: number
  userAgent?: string
  /** A caller-owned dispatcher to build on instead of a new pool */
  base?: Dispatcher
}

/** The dispatcher of one endpoint, and whether we own (and must close) its pool */
export interface EndpointDispatcher {
  endpoint: ResolvedEndpoint
  dispatcher: Dispatcher
  pool?: Pool
}

/**
 * One keep-alive pool per endpoint, composed once with the outbound interceptor (caller headers
 * stripped, hop headers, the endpoint's authorization, timeouts, and the per-request
 * `onRequestSent` callback of failover). TLS material
 * (private CA, client certificate for mTLS) goes to undici's connector; so does a unix socket path.
 */
export function endpointDispatcher (endpoint: ResolvedEndpoint, options: EndpointDispatcherOptions): EndpointDispatcher {
  const pool = options.base === undefined ? createPool(endpoint, options) : undefined
  const base = options.base ?? pool as Pool
  // the caller's Authorization is stripped before ours is set
  const dispatcher = base.compose(outbound({
    headersTimeout: options.headers,
    bodyTimeout: options.body,
    authorization: endpoint.authorization,
    userAgent: options.userAgent
  }))
  return { endpoint, dispatcher, pool }
}

function createPool (endpoint: ResolvedEndpoint, options: EndpointDispatcherOptions): Pool {
  const tls = endpoint.tls ?? {}
  return new Pool(endpoint.origin, {
    connect: {
      timeout: options.connect,
      socketPath: endpoint.socketPath,
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      servername: tls.servername,
      rejectUnauthorized: tls.rejectUnauthorized ?? true
    },
    headersTimeout: options.headers,
    bodyTimeout: options.body,
    keepAliveTimeout: options.keepAlive
  })
}
