/**
 * Error classes shared by every composite-ipfs package.
 *
 * Each class has a stable `name` (equal to the class name, also set as a static so it survives
 * minification) and a stable `code` (`ERR_*`). Callers match on `code`: errors cross HTTP and
 * process boundaries, and packages may be installed twice, so `instanceof` is not reliable.
 *
 * `status` and `kuboCode` say how the one error writer in `@composite-ipfs/server` puts an error
 * on the wire. `transport` errors are Kubo's plain-text `http.Error` answers (400 parse, 403,
 * 404, 405, 431, 508); all others are command errors, written as
 * `{"Message","Code","Type":"error"}` before the first byte, or as the `X-Stream-Error` trailer after it.
 */

/** Kubo's `cmds.ErrorType` values, the `Code` of an error body */
export const KuboErrorCode = {
  Normal: 0,
  Client: 1,
  Implementation: 2,
  RateLimited: 3,
  Forbidden: 4
} as const

export interface CompositeErrorOptions extends ErrorOptions {
  /** HTTP status to answer with, when the error is raised before the first byte */
  status?: number
  /** Kubo `Code` of the error body */
  kuboCode?: number
  /**
   * When raised after the first byte, end the chunked body abnormally (no terminating chunk)
   * besides setting the `X-Stream-Error` trailer: ipfs-cluster ignores trailers and takes a
   * clean end of stream for success, so a failed pin must not end cleanly.
   */
  abortStream?: boolean
  /** Answer as a plain-text `http.Error` (see {@link CompositeIpfsError.transport}) */
  transport?: boolean
}

/** Base class of every composite-ipfs error */
export class CompositeIpfsError extends Error {
  static override name: string = 'CompositeIpfsError'
  readonly code: string = 'ERR_COMPOSITE_IPFS'
  /** HTTP status when answered before the first byte (Kubo: 500, or 400 for client errors) */
  readonly status: number
  /** Kubo error `Code` (0 normal, 1 client, 2 implementation, 3 rate limited, 4 forbidden) */
  readonly kuboCode: number
  /** A transport-level error is answered as Kubo's plain-text `http.Error`, not as a JSON command error */
  readonly transport: boolean
  /** End a started stream abnormally instead of cleanly (see `CompositeErrorOptions.abortStream`) */
  readonly abortStream: boolean

  constructor (message: string, options: CompositeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'CompositeIpfsError'
    this.kuboCode = options.kuboCode ?? KuboErrorCode.Normal
    this.status = options.status ?? (this.kuboCode === KuboErrorCode.Client ? 400 : 500)
    this.abortStream = options.abortStream ?? false
    this.transport = options.transport ?? false
  }
}

/** Thrown when a command fails; the message is shown to the client verbatim */
export class CommandError extends CompositeIpfsError {
  static override name = 'CommandError'
  override readonly code: string = 'ERR_COMMAND'

  constructor (message = 'an error occurred', options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'CommandError'
  }
}

/** Thrown when an argument or option is invalid (Kubo answers 400 text/plain during parsing) */
export class InvalidRequestError extends CompositeIpfsError {
  static override name = 'InvalidRequestError'
  override readonly code: string = 'ERR_INVALID_REQUEST'
  override readonly transport = true

  constructor (message = 'invalid request', options: CompositeErrorOptions = {}) {
    super(message, { status: 400, kuboCode: KuboErrorCode.Client, ...options })
    this.name = 'InvalidRequestError'
  }
}

/** Thrown for an unknown command (Kubo: 404 `404 page not found`) */
export class CommandNotFoundError extends CompositeIpfsError {
  static override name = 'CommandNotFoundError'
  override readonly code: string = 'ERR_COMMAND_NOT_FOUND'
  override readonly transport = true

  constructor (message = '404 page not found', options: CompositeErrorOptions = {}) {
    super(message, { status: 404, ...options })
    this.name = 'CommandNotFoundError'
  }
}

/** Thrown for a method other than POST or OPTIONS (Kubo: 405 with `Allow: OPTIONS, POST`) */
export class MethodNotAllowedError extends CompositeIpfsError {
  static override name = 'MethodNotAllowedError'
  override readonly code: string = 'ERR_METHOD_NOT_ALLOWED'
  override readonly transport = true

  constructor (message = '405 - Method Not Allowed', options: CompositeErrorOptions = {}) {
    super(message, { status: 405, ...options })
    this.name = 'MethodNotAllowedError'
  }
}

/** Thrown when a request is refused by policy: CSRF gate, authorization (Kubo: 403 text/plain) */
export class ForbiddenError extends CompositeIpfsError {
  static override name = 'ForbiddenError'
  override readonly code: string = 'ERR_FORBIDDEN'
  override readonly transport = true

  constructor (message = '403 - Forbidden', options: CompositeErrorOptions = {}) {
    super(message, { status: 403, kuboCode: KuboErrorCode.Forbidden, ...options })
    this.name = 'ForbiddenError'
  }
}

/**
 * Thrown when a command is refused by this composite node's forwarding policy: a daemon-admin
 * command, or one whose answer depends on which of the backend's daemons serves it. Answered
 * as a Kubo command error with `Code` 4 (`cmds.ErrForbidden`) and status 403. `setting` names
 * what allows it.
 */
export class CommandRefusedError extends CommandError {
  static override name = 'CommandRefusedError'
  override readonly code: string = 'ERR_COMMAND_REFUSED'
  /** The refused command's path */
  readonly command: string
  /** The setting that allows it (a CLI flag), if one does */
  readonly setting: string | undefined

  constructor (message: string, fields: { command: string, setting?: string }, options: CompositeErrorOptions = {}) {
    super(message, { status: 403, kuboCode: KuboErrorCode.Forbidden, ...options })
    this.name = 'CommandRefusedError'
    this.command = fields.command
    this.setting = fields.setting
  }
}

/** Thrown when a component is configured with options that cannot work (a connector, the CLI) */
export class InvalidConfigError extends CompositeIpfsError {
  static override name = 'InvalidConfigError'
  override readonly code: string = 'ERR_INVALID_CONFIG'

  constructor (message = 'invalid configuration', options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'InvalidConfigError'
  }
}
