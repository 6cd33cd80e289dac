import type { Backend, CallOptions, Logger, Middleware, RequestContext } from '@composite-ipfs/interface'
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface IpfsApiServerInit {
  /** What answers the commands */
  backend: Backend
  /**
   * Middleware run before the Kubo RPC core, in order: header policy, auth, loop protection.
   * @default []
   */
  middleware?: Middleware[]
  /**
   * The `Server` header of every response that reaches a command (Kubo sends `kubo/<version>`);
   * an empty string sends none.
   * @default 'kubo/0.42.0'
   */
  serverHeader?: string
  /**
   * Commands whose errors after the first byte end the chunked body abnormally (the socket is
   * closed without the terminating chunk) instead of with the `X-Stream-Error` trailer, which
   * ipfs-cluster and kubo-rpc-client ignore. `true` applies to every command. A single error can
   * also ask for it with an `abortStream: true` property.
   * @default false
   */
  abortStreamOnError?: boolean | readonly string[]
  /**
   * Largest request body of a command that takes no upload (413 above it).
   * @default 8388608
   */
  maxBodySize?: number
  /**
   * Largest request header block, request line and query included (node's `maxHeaderSize`;
   * node answers 431 and closes the connection above it). Kubo accepts Go's default of 1 MiB,
   * which a request with thousands of `arg`s needs.
   * @default 1048576
   */
  maxHeaderSize?: number
  /**
   * Milliseconds to receive the request headers; a client still sending them after that gets
   * 408 and its connection closed (a slow-loris defence Kubo does not have).
   * @default 60000
   */
  headersTimeout?: number
  /**
   * Milliseconds to receive a whole request. Uploads can take long, and the `timeout` option and
   * client disconnects already bound a command, so there is no limit by default.
   * @default 0
   */
  requestTimeout?: number
  /**
   * Milliseconds an idle keep-alive connection stays open.
   * @default 5000
   */
  keepAliveTimeout?: number
  /**
   * Milliseconds `close()` waits for in-flight requests before aborting them and closing their connections.
   * @default 10000
   */
  closeTimeout?: number
  /**
   * Milliseconds a connection closed after its answer (`Connection: close`, for a body the
   * server did not read) keeps reading and dropping what its client still sends. Closing
   * earlier would make the kernel reset the connection and drop the end of an answer the
   * client has not read yet; a client closes its side once its answer is whole, so only one
   * that neither reads nor stops sending waits this long. `close()` does not wait for it.
   * @default 30000
   */
  lingerTimeout?: number
  /**
   * Refuse multipart file names with `..` that climb above the upload root (400 JSON error),
   * instead of dropping the `..` the way Kubo's `path.Clean` does. Names are checked after
   * query-unescaping (`%2e%2e%2f` is `../`), and `..\` counts too (it climbs on Windows).
   * Absolute names (`/etc/x`) are kept under the root, as Kubo does.
   * @default false
   */
  rejectPathTraversal?: boolean
  /**
   * Longest upload file path accepted (UTF-8 bytes of the cleaned path, Linux's PATH_MAX);
   * longer ones are refused with a 400 JSON error.
   * @default 4096
   */
  maxPathLength?: number
  /**
   * Deepest upload file path accepted, in segments. Every directory above a file becomes an
   * entry carrying its full path, so the cost of a name grows with the square of its depth.
   * @default 256
   */
  maxPathDepth?: number
  /**
   * Extra options for every backend call made for a request. The loop guard's `via` and `hops`
   * need none: the server adds them itself (interface's `hopCallOptions`).
   * @default undefined
   */
  callOptions?: (ctx: RequestContext) => Partial<CallOptions>
  /**
   * Daemon-admin commands forwarded to the backend anyway (paths of `ADMIN_COMMANDS`: `config`,
   * `log`, `key`, ...). A forwarded command acts on whichever of the backend's daemons failover
   * picks, so they are refused by default with a `CommandRefusedError` (403, Kubo `Code` 4).
   * `true` forwards all of them but `shutdown`, which is never forwarded.
   * @default []
   */
  forwardAdmin?: true | readonly string[]
  /**
   * What `shutdown` does: the server answers it as Kubo does (an empty 200), then calls this,
   * which should stop the composite node. Without it `shutdown` is refused.
   * @default undefined
   */
  onShutdown?: () => void
  /**
   * Receives one line per unexpected failure (an error while writing an error, a listener error).
   * @default undefined
   */
  logger?: Logger
}

export interface TlsOptions {
  cert: string | Buffer
  key: string | Buffer
  ca?: string | Buffer | Array<string | Buffer>
  passphrase?: string
}

export interface ListenOptions {
  /** `http(s)://host:port`, `/ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>`, or `/unix/<path>` */
  address: string
  /** File mode of a unix socket, e.g. `0o600` (default: the umask decides) */
  mode?: number
  /** Serve HTTPS with this key pair (required for `https://` addresses) */
  tls?: TlsOptions
}

/** An address the server listens on, with its real port */
export interface ListenAddress {
  /** `http://127.0.0.1:5001`, `https://...`, or `http+unix://<percent-encoded path>` */
  url: string
  /** `/ip4/127.0.0.1/tcp/5001` (plus `/tls/http` for HTTPS), or `/unix/<path>` */
  multiaddr: string
}

export interface InjectRequest {
  /** @default 'POST' */
  method?: string
  /** Path and query, e.g. `/api/v0/id?arg=x` */
  path: string
  headers?: Record<string, string | string[]>
  /** A body sent whole (with Content-Length) or streamed (chunked) */
  body?: string | Uint8Array | AsyncIterable<Uint8Array>
  /** Aborting it disconnects the client */
  signal?: AbortSignal
  /** Sees each body chunk as it arrives, before the response ends */
  onChunk?: (chunk: Buffer) => void
}

export interface InjectResponse {
  status: number
  /** Lower-cased header names, as node parses them */
  headers: Record<string, string | string[] | undefined>
  /** Header names and values in wire order and case */
  rawHeaders: string[]
  /** The body without its chunked framing */
  body: Buffer
  trailers: Record<string, string | undefined>
  /** False when the body ended without its terminating chunk (an abnormal end) */
  complete: boolean
  /** Everything the server wrote, framing included */
  raw: Buffer
  text: () => string
  json: () => any
}

export interface IpfsApiServer {
  /** The request handler, for embedding in any node:http or node:https server */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void
  /** Everything the server listens on */
  readonly addresses: readonly ListenAddress[]
  /** Starts listening; resolves with the bound addresses once all of them listen */
  listen: (addresses: ReadonlyArray<string | ListenOptions>) => Promise<ListenAddress[]>
  /** Sends a request through the whole server in process, without a socket */
  inject: (request: InjectRequest) => Promise<InjectResponse>
  /** Stops listening, lets in-flight requests finish (up to `timeout` ms), then closes everything */
  close: (options?: { timeout?: number }) => Promise<void>
}
