import { CompositeIpfsError } from '@composite-ipfs/interface'
import type { CompositeErrorOptions } from '@composite-ipfs/interface'

/**
 * Thrown when an `API.Authorizations` value cannot be used: not JSON, a wrong shape, an unknown
 * `scope`, two users with one secret. Messages name the source and the user, never a secret.
 */
export class AuthConfigError extends CompositeIpfsError {
  static override name = 'AuthConfigError'
  override readonly code: string = 'ERR_AUTH_CONFIG'

  constructor (message = 'invalid API.Authorizations', options: CompositeErrorOptions = {}) {
    super(message, options)
    this.name = 'AuthConfigError'
  }
}
