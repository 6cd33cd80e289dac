import { CommandError, CompositeIpfsError, KuboErrorCode } from './errors.ts'
import type { CompositeErrorOptions } from './errors.ts'

/**
 * Thrown by a connector when the daemon or cluster behind it answered with an error.
 * The upstream `Message` is kept verbatim: Kubo's texts are part of the contract and
 * ipfs-cluster compares them as strings (`not pinned or pinned indirectly`, `... not pinned`).
 */
export class UpstreamError extends CommandError {
  static override name = 'UpstreamError'
  override readonly code: string = 'ERR_UPSTREAM'
  /** The status the upstream answered with */
  readonly upstreamStatus: number
  /** Which upstream answered (a URL without credentials) */
  readonly upstream: string

  constructor (message: string, init: { upstream: string, upstreamStatus: number } & CompositeErrorOptions) {
    super(message, init)
    this.name = 'UpstreamError'
    this.upstream = init.upstream
    this.upstreamStatus = init.upstreamStatus
  }
}

/** Thrown when no upstream endpoint could be reached; `errors` holds one failure per endpoint */
export class UpstreamUnavailableError extends CompositeIpfsError {
  static override name = 'UpstreamUnavailableError'
  override readonly code: string = 'ERR_UPSTREAM_UNAVAILABLE'
  readonly errors: Error[]

  constructor (message: string, errors: Error[] = [], options: CompositeErrorOptions = {}) {
    super(message, { status: 500, ...options })
    this.name = 'UpstreamUnavailableError'
    this.errors = errors
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
