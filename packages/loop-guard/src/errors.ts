import { CompositeIpfsError } from '@composite-ipfs/interface'
import type { CompositeErrorOptions } from '@composite-ipfs/interface'

/** Thrown when a configured node ID is not a header-safe token (`[A-Za-z0-9][A-Za-z0-9._~:@+=-]*`, at most 128 characters) */
export class InvalidNodeIdError extends CompositeIpfsError {
  static override name = 'InvalidNodeIdError'
  override readonly code: string = 'ERR_INVALID_NODE_ID'

  constructor (message = 'invalid composite node ID', options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'InvalidNodeIdError'
  }
}
