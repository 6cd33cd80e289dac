import type { Dispatcher } from 'undici'
import type { Logger } from '@composite-ipfs/interface'

/** The daemon whose header policy a composite node mimics (ipfs-cluster's proxy behaviour) */
export interface HeaderPolicyUpstream {
  /** The daemon's RPC API, `http(s)://host:port` (a trailing `/api/v0` is ignored) */
  url: string
  /**
   * The full `Authorization` header value for the daemon (Kubo `API.Authorizations`),
   * e.g. `Bearer s3cret`
   *
   * @default undefined (none sent)
   */
  authorization?: string
  /**
   * The undici dispatcher to send the probes with (a pool, an agent with TLS settings, a mock)
   *
   * @default undici's global dispatcher
   */
  dispatcher?: Dispatcher
  /**
   * How long one probe (CORS preflight, origin check, header extraction) may take, in ms
   *
   * @default 5000
   */
  timeout?: number
}

export interface HeaderPolicyInit {
  /**
   * The `Server` header of command responses; `false` leaves it out
   *
   * @default 'kubo/0.42.0'
   */
  server?: string | false
  /**
   * Kubo's `API.HTTPHeaders`. As in Kubo, `Access-Control-Allow-Origin`, `-Methods` and
   * `-Credentials` become CORS settings; every other entry is a static header of command responses.
   *
   * @default {}
   * @example { 'Access-Control-Allow-Origin': ['https://webui.example.com'], 'X-Custom-Header': ['1'] }
   */
  httpHeaders?: Record<string, string | string[]>
  /**
   * Origins allowed besides Kubo's defaults (the API's own address as `127.0.0.1`, `[::1]` and
   * `localhost`, and the two IPFS Companion extensions, which are always allowed). `*` allows
   * every origin. Added to the `Access-Control-Allow-Origin` entry of `httpHeaders`.
   *
   * @default []
   */
  allowedOrigins?: string[]
  /**
   * Methods a cross-origin request may use; replaces the `Access-Control-Allow-Methods` entry
   * of `httpHeaders`
   *
   * @default ['POST']
   */
  allowedMethods?: string[]
  /**
   * Request headers a preflight may ask for (compared lower-cased, as rs/cors does)
   *
   * @default ['Origin', 'Accept', 'Content-Type', 'X-Requested-With']
   */
  allowedHeaders?: string[]
  /**
   * Answer `Access-Control-Allow-Credentials: true`; replaces the `Access-Control-Allow-Credentials`
   * entry of `httpHeaders`
   *
   * @default false
   */
  allowCredentials?: boolean
  /**
   * The port put in place of `<port>` in the default localhost origins
   *
   * @default the local port of the connection the request came in on
   */
  apiPort?: number
  /**
   * Take the policy from a daemon instead (ipfs-cluster's proxy, `api/ipfsproxy/headers.go`):
   * CORS verdicts from the daemon's own answers, and `Server` plus `extractHeadersExtra` from
   * its `version` response. The local CORS settings above are then unused.
   *
   * @default undefined (the local policy)
   */
  upstream?: HeaderPolicyUpstream
  /**
   * With `upstream`: more headers to copy from the daemon's `version` response onto command responses
   *
   * @default []
   */
  extractHeadersExtra?: string[]
  /**
   * With `upstream`: how long extracted headers are reused, in ms; `0` keeps them forever
   *
   * @default 300000 (5 minutes, ipfs-cluster's `extract_headers_ttl`)
   */
  extractHeadersTtl?: number
  /**
   * Receives diagnostics, e.g. a probe that failed
   *
   * @default undefined (silent)
   */
  logger?: Logger
}
