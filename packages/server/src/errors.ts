import { CommandError } from '@composite-ipfs/interface'
import type { CompositeErrorOptions } from '@composite-ipfs/interface'

/**
 * Thrown when a multipart upload is malformed or ends early. Kubo answers these as command
 * errors: a 500 JSON body before the first byte, the `X-Stream-Error` trailer after it.
 */
export class MultipartError extends CommandError {
  static override name = 'MultipartError'
  override readonly code: string = 'ERR_MULTIPART'

  constructor (message = 'multipart: NextPart: EOF', options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'MultipartError'
  }
}

/** Thrown when a multipart file name climbs out of the upload root and the server refuses that */
export class PathTraversalError extends CommandError {
  static override name = 'PathTraversalError'
  override readonly code: string = 'ERR_PATH_TRAVERSAL'

  constructor (message = 'invalid file path', options: CompositeErrorOptions = {}) {
    super(message, { status: 400, kuboCode: 1, ...options })
    this.name = 'PathTraversalError'
  }
}

/**
 * Thrown when a multipart file name is longer or deeper than the server accepts. Each directory
 * above a file becomes an entry with its full path, so one deep name in a small part header would
 * otherwise cost time and memory quadratic in its depth (Kubo itself takes minutes on such a name).
 */
export class PathTooLongError extends CommandError {
  static override name = 'PathTooLongError'
  override readonly code: string = 'ERR_PATH_TOO_LONG'

  constructor (message = 'file path too long', options: CompositeErrorOptions = {}) {
    super(message, { status: 400, kuboCode: 1, ...options })
    this.name = 'PathTooLongError'
  }
}
