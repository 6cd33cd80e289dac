import { basicAuthorization, parseApiMultiaddr } from '@composite-ipfs/interface'
import type { ApiAddress } from '@composite-ipfs/interface'
/** TLS settings of one endpoint: a private CA, and a client certificate for mutual TLS */
export interface EndpointTls {
  /**
   * CA certificate(s) (PEM) trusted for this endpoint, instead of the system store
   *
   * @default undefined (Node's bundled CAs)
   */
  ca?: string | Buffer
  /**
   * Client certificate (PEM) sent for mutual TLS
   *
   * @default undefined
   */
  cert?: string | Buffer
  /**
   * Private key (PEM) of `cert`
   *
   * @default undefined
   */
  key?: string | Buffer
  /**
   * Refuse servers whose certificate does not verify
   *
   * @default true
   */
  rejectUnauthorized?: boolean
  /**
   * The name to check the certificate against, when it differs from the URL's host
   *
   * @default the URL's host name
   */
  servername?: string
}

/** One upstream RPC endpoint */
export interface Endpoint {
  /**
   * `http(s)://host:port` (a trailing `/api/v0` is ignored; `user:pass@` becomes Basic
   * authorization), or a multiaddr: `/ip4/127.0.0.1/tcp/5001`, `/dns4/h/tcp/443/https`, `/unix/path`
   */
  url: string
  /**
   * The full `Authorization` header value sent to this endpoint, e.g. `Bearer s3cret` (Kubo `API.Authorizations`)
   *
   * @default undefined (none, or Basic from the URL's userinfo)
   */
  authorization?: string
  /**
   * TLS settings of an `https` endpoint
   *
   * @default undefined (system CAs, no client certificate)
   */
  tls?: EndpointTls
}

/** An endpoint after parsing: where to connect, and how to name it without credentials */
export interface ResolvedEndpoint {
  /** `http(s)://host:port` to send requests to (`http://localhost` for unix sockets) */
  origin: string
  /** Set for `/unix/...` endpoints */
  socketPath?: string
  /** A printable name without credentials, used in errors and `RpcResponse.endpoint` */
  label: string
  authorization?: string
  tls?: EndpointTls
}

export function resolveEndpoint (input: string | Endpoint): ResolvedEndpoint {
  const endpoint: Endpoint = typeof input === 'string' ? { url: input } : input
  if (endpoint.url.startsWith('/')) {
    return { ...multiaddrTarget(endpoint.url), authorization: endpoint.authorization, tls: endpoint.tls }
  }
  let url: URL
  try {
    url = new URL(endpoint.url)
  } catch {
    throw new TypeError('invalid endpoint URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`unsupported endpoint protocol ${url.protocol}`)
  }
  let authorization = endpoint.authorization
  if (authorization === undefined && (url.username !== '' || url.password !== '')) {
    authorization = basicAuthorization(decodeURIComponent(url.username), decodeURIComponent(url.password))
  }
  return { origin: url.origin, label: url.origin, authorization, tls: endpoint.tls }
}

/** An endpoint multiaddr, parsed where the server parses its listen addresses */
function multiaddrTarget (addr: string): Pick<ResolvedEndpoint, 'origin' | 'socketPath' | 'label'> {
  let target: ApiAddress
  try {
    target = parseApiMultiaddr(addr)
  } catch (err) {
    throw new TypeError(`endpoint: ${(err as Error).message}`)
  }
  if (target.kind === 'unix') return { origin: 'http://localhost', socketPath: target.path, label: addr }
  const hostname = target.host.includes(':') ? `[${target.host}]` : target.host
  const origin = `${target.tls ? 'https' : 'http'}://${hostname}:${target.port}`
  return { origin, label: origin }
}
