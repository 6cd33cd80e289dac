import { toHeaderRecord } from '../headers.ts'
import type { Dispatcher } from 'undici'

/**
 * Sets the endpoint's own `Authorization` header (Kubo `API.Authorizations` secret) on every
 * request, replacing whatever the caller sent: a caller's credentials are for the composite
 * node, never for the daemon behind it.
 *
 * @example
 * ```ts
 * const pool = new Pool('http://127.0.0.1:5001').compose(authorization('Bearer s3cret'))
 * ```
 */
export function authorization (value: string | undefined): Dispatcher.DispatcherComposeInterceptor {
  return function authorizationInterceptor (dispatch) {
    return function dispatchWithAuthorization (opts, handler) {
      const headers = toHeaderRecord(opts.headers as never)
      delete headers.authorization
      if (value !== undefined) headers.authorization = value
      return dispatch({ ...opts, headers }, handler)
    }
  }
}
