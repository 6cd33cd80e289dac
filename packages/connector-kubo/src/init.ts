import type { Logger, RepoStatProvider } from '@composite-ipfs/interface'
import type { Endpoint, EndpointTls, RpcTimeouts } from '@composite-ipfs/rpc-client'
import type { Dispatcher } from 'undici'

export interface KuboConnectorInit {
  /**
   * The Kubo RPC API of one daemon, or of several interchangeable ones (failover, sticky to
   * the last healthy): `http://127.0.0.1:5001`, `/ip4/127.0.0.1/tcp/5001`, `/unix/path`, or an
   * {@link Endpoint} with its own authorization and TLS.
   */
  endpoints: Array<string | Endpoint>
  /**
   * `Authorization` header value for endpoints without their own (a Kubo `API.Authorizations`
   * secret, e.g. `Bearer s3cret` or `Basic …`)
   *
   * @default undefined (none)
   */
  authorization?: string
  /**
   * TLS settings (private CA, client certificate for mTLS) for `https` endpoints without their own
   *
   * @default undefined (system CAs, no client certificate)
   */
  tls?: EndpointTls
  /**
   * Connect, headers and body timeouts in milliseconds
   *
   * @default { connect: 5000, headers: 300000, body: 300000 }
   */
  timeouts?: RpcTimeouts
  /**
   * Further attempts after the first one, each on the next endpoint
   *
   * @default Math.max(2, endpoints.length - 1)
   */
  retries?: number
  /**
   * A dispatcher to send requests through instead of a keep-alive pool per endpoint
   *
   * @default undefined
   */
  dispatcher?: Dispatcher
  /**
   * Where `repoStat()` gets its answer; the host injects an aggregator here when the Kubo is
   * one of many daemons behind the node
   *
   * @default undefined (ask the Kubo's own `repo/stat`)
   */
  repoStat?: RepoStatProvider
  /**
   * The backend's name, in logs and errors
   *
   * @default 'kubo'
   */
  name?: string
  /**
   * The host's logger: endpoints that fail (calls then fail over) and answer again
   *
   * @default undefined (silent)
   */
  logger?: Logger
}
