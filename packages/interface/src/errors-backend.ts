import { CommandError, CompositeIpfsError, KuboErrorCode } from './errors.ts'
import type { CompositeErrorOptions } from './errors.ts'

/** What an {@link UpstreamError} knows of the answer that caused it */
export interface UpstreamErrorInit extends CompositeErrorOptions {
  /** Which upstream answered (a URL or label without credentials) */
  endpoint: string
  /** The status the upstream answered with (200 for an error inside a stream) */
  upstreamStatus: number
  /** The upstream's error body as text, when it sent one (bounded by the reader) */
  body?: string
}

/**
 * Thrown by a connector when the daemon or cluster behind it answered with an error, in the
 * manner of undici's `ResponseError`: `endpoint`, `upstreamStatus` and `body` say what came
 * back, `status`/`kuboCode`/`transport` how the node answers its own client.
 *
 * The upstream `Message` is kept verbatim: Kubo's texts are part of the contract and
 * ipfs-cluster compares them as strings (`not pinned or pinned indirectly`, `... not pinned`).
 * An answer that is not a Kubo error (a plain-text 403, 404 or 405) is `transport`, with the
 * upstream's status: the client gets the same status and text Kubo's own answer has.
 */
export class UpstreamError extends CommandError {
  static override name = 'UpstreamError'
  override readonly code: string = 'ERR_UPSTREAM'
  /** The status the upstream answered with */
  readonly upstreamStatus: number
  /** Which upstream answered (a URL without credentials) */
  readonly endpoint: string
  /** The upstream's error body, as text; undefined when there was none to read */
  readonly body: string | undefined

  constructor (message: string, init: UpstreamErrorInit) {
    super(message, init)
    this.name = 'UpstreamError'
    this.endpoint = init.endpoint
    this.upstreamStatus = init.upstreamStatus
    this.body = init.body
  }
}

/** What is known of one endpoint's failed attempt */
export interface EndpointFailedInit extends ErrorOptions {
  endpoint: string
  /** Why, without the endpoint: `connect ECONNREFUSED ...`, `502: Bad Gateway` */
  reason: string
  /** The status it answered with, when it answered */
  upstreamStatus?: number
  /** Its answer's body, when it answered (bounded by the reader) */
  body?: string
}

/**
 * One endpoint's failed attempt, one of {@link UpstreamUnavailableError.errors}. The message is
 * `<endpoint>: <reason>`; read the fields, never the message.
 */
export class EndpointFailedError extends Error {
  static override name = 'EndpointFailedError'
  readonly code: string = 'ERR_ENDPOINT_FAILED'
  readonly endpoint: string
  readonly reason: string
  readonly upstreamStatus: number | undefined
  readonly body: string | undefined

  constructor (init: EndpointFailedInit) {
    super(`${init.endpoint}: ${init.reason}`, init.cause === undefined ? undefined : { cause: init.cause })
    this.name = 'EndpointFailedError'
    this.endpoint = init.endpoint
    this.reason = init.reason
    this.upstreamStatus = init.upstreamStatus
    this.body = init.body
  }
}

/**
 * Thrown when no upstream endpoint could serve a call. An `AggregateError`: `errors` holds one
 * failure per endpoint tried ({@link EndpointFailedError}s from rpc-client). It carries the
 * wire fields of {@link CompositeIpfsError} (a Kubo `ErrNormal`, status 500) so that the one
 * error writer answers it like any other error.
 */
export class UpstreamUnavailableError extends AggregateError {
  static override name = 'UpstreamUnavailableError'
  readonly code: string = 'ERR_UPSTREAM_UNAVAILABLE'
  readonly status: number
  readonly kuboCode: number
  readonly transport = false
  readonly abortStream: boolean
  declare readonly errors: Error[]

  constructor (message: string, errors: Error[] = [], options: CompositeErrorOptions = {}) {
    super(errors, message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'UpstreamUnavailableError'
    this.kuboCode = options.kuboCode ?? KuboErrorCode.Normal
    this.status = options.status ?? 500
    this.abortStream = options.abortStream ?? false
  }
}

/** Thrown when a deadline (the `timeout` option, or a connector timeout) passes; Kubo's text is `context deadline exceeded` */
export class DeadlineExceededError extends CommandError {
  static override name = 'DeadlineExceededError'
  override readonly code: string = 'ERR_DEADLINE_EXCEEDED'

  constructor (message = 'context deadline exceeded', options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'DeadlineExceededError'
  }
}

/** Thrown when the caller went away or aborted; Kubo's text is `context canceled` */
export class AbortedError extends CommandError {
  static override name = 'AbortedError'
  override readonly code: string = 'ERR_ABORTED'

  constructor (message = 'context canceled', options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'AbortedError'
  }
}

/** Thrown when the backend does not implement a command */
export class NotSupportedError extends CommandError {
  static override name = 'NotSupportedError'
  override readonly code: string = 'ERR_NOT_SUPPORTED'

  constructor (message = 'this command is not supported by the backend of this composite node', options: CompositeErrorOptions = {}) {
    super(message, { kuboCode: KuboErrorCode.Implementation, status: 500, ...options })
    this.name = 'NotSupportedError'
  }
}

/** Thrown when a pin failed or did not finish in an undercluster */
export class PinFailedError extends CommandError {
  static override name = 'PinFailedError'
  override readonly code: string = 'ERR_PIN_FAILED'

  constructor (message = 'pin failed', options: CompositeErrorOptions = {}) {
    super(message, { abortStream: true, ...options })
    this.name = 'PinFailedError'
  }
}

/** Thrown when a request body or header is larger than allowed (413, or 431 for headers) */
export class PayloadTooLargeError extends CompositeIpfsError {
  static override name = 'PayloadTooLargeError'
  override readonly code: string = 'ERR_PAYLOAD_TOO_LARGE'
  override readonly transport = true

  constructor (message = 'request entity too large', options: CompositeErrorOptions = {}) {
    super(message, { status: 413, kuboCode: KuboErrorCode.Client, ...options })
    this.name = 'PayloadTooLargeError'
  }
}

/** Thrown when a request would loop back into a composite node already on its path (508) */
export class LoopDetectedError extends CompositeIpfsError {
  static override name = 'LoopDetectedError'
  override readonly code: string = 'ERR_LOOP_DETECTED'

  constructor (message = 'composition loop detected', options: CompositeErrorOptions = {}) {
    super(message, { status: 508, ...options })
    this.name = 'LoopDetectedError'
  }
}
