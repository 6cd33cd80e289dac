import { CompositeIpfsError } from '@composite-ipfs/interface'
import type { CompositeErrorOptions } from '@composite-ipfs/interface'

/** Thrown by calls made after `close()` */
export class ClientClosedError extends CompositeIpfsError {
  static override name = 'ClientClosedError'
  override readonly code: string = 'ERR_CLIENT_CLOSED'

  constructor (message = 'the rpc client is closed', options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'ClientClosedError'
  }
}
