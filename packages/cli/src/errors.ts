import { CompositeIpfsError } from '@composite-ipfs/interface'
import type { CompositeErrorOptions } from '@composite-ipfs/interface'

/** Thrown for a bad command line or config file; the CLI prints the message and exits 2 */
export class InvalidConfigError extends CompositeIpfsError {
  static override name = 'InvalidConfigError'
  override readonly code: string = 'ERR_INVALID_CONFIG'

  constructor (message: string, options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'InvalidConfigError'
  }
}
