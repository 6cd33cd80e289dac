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
}
