import { CompositeIpfsError } from '@composite-ipfs/interface'
import type { CompositeErrorOptions } from '@composite-ipfs/interface'

/** Thrown when a daemon binary is missing and Go is not installed to build it */
export class GoNotFoundError extends CompositeIpfsError {
  static override name = 'GoNotFoundError'
  override readonly code: string = 'ERR_GO_NOT_FOUND'

  constructor (message: string, options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'GoNotFoundError'
  }
}

/** Thrown when building a daemon from its Go sources failed */
export class DaemonBuildError extends CompositeIpfsError {
  static override name = 'DaemonBuildError'
  override readonly code: string = 'ERR_DAEMON_BUILD'

  constructor (message: string, options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'DaemonBuildError'
  }
}

/** Thrown when a daemon exited or did not become ready in time; the message ends with its last log lines */
export class DaemonStartError extends CompositeIpfsError {
  static override name = 'DaemonStartError'
  override readonly code: string = 'ERR_DAEMON_START'

  constructor (message: string, options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'DaemonStartError'
  }
}

/** Thrown when a `waitFor` condition did not hold before its deadline */
export class WaitTimeoutError extends CompositeIpfsError {
  static override name = 'WaitTimeoutError'
  override readonly code: string = 'ERR_WAIT_TIMEOUT'

  constructor (message: string, options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'WaitTimeoutError'
  }
}

/** Thrown by the testbed's small HTTP helpers when a daemon answers outside 2xx */
export class HttpStatusError extends CompositeIpfsError {
  static override name = 'HttpStatusError'
  override readonly code: string = 'ERR_HTTP_STATUS'
  /** The daemon's status */
  readonly httpStatus: number
  /** The daemon's body, as text */
  readonly body: string

  constructor (url: string, httpStatus: number, body: string) {
    super(`${url} answered ${httpStatus}: ${body.trim()}`)
    this.name = 'HttpStatusError'
    this.httpStatus = httpStatus
    this.body = body
  }
}

/** Thrown when `openssl` could not make the test certificates of `testCertificates()` */
export class CertificateGenerationError extends CompositeIpfsError {
  static override name = 'CertificateGenerationError'
  override readonly code: string = 'ERR_CERTIFICATE_GENERATION'

  constructor (message: string, options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'CertificateGenerationError'
  }
}
