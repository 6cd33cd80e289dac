/** Every async method takes options last, and honours `signal` */
export interface AbortOptions {
  signal?: AbortSignal
}

/**
 * Options passed to every backend call. Besides the abort signal, they carry what the
 * server learned about the caller, so that a backend can forward it (loop protection, auth).
 */
export interface CallOptions extends AbortOptions {
  /** The composite-node IDs this request already went through, oldest first */
  via?: readonly string[]
  /** How many composite hops this request made so far */
  hops?: number
  /**
   * The caller's `timeout` option, in milliseconds. A backend whose upstream has its own answer
   * for a deadline passes it on (Kubo reports one inside a `refs` stream as a record); the
   * server's own deadline, a little later, is only a backstop. `signal` still fires then.
   */
  timeout?: number
  /**
   * The request's ID, sent down as `X-Request-Id` (interface's `REQUEST_ID_HEADER`), so one
   * request can be found in the logs of every level's node
   */
  requestId?: string
  /** Told about each upstream answer and failover of the calls made for this request */
  trace?: CallTrace
}

/**
 * What a connector's upstream calls report to the request that made them: the server's access
 * log, metrics and `Server-Timing` read it. Every method is optional to call and cheap.
 */
export interface CallTrace {
  /** An upstream endpoint answered (its status), after `ms` milliseconds */
  upstream: (endpoint: string, status: number, ms: number) => void
  /** An attempt on `endpoint` failed and the call went on to another endpoint */
  failover: (endpoint: string, error: Error) => void
}
