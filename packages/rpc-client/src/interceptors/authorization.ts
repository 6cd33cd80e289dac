import { toHeaderRecord } from '../headers.ts'
import type { HeaderRecord } from '../headers.ts'
import type { Dispatcher } from 'undici'

/** Replaces any `authorization` in a (lower-cased) header record with `value`, or removes it */
export function setAuthorization (headers: HeaderRecord, value: string | undefined): void {
  delete headers.authorization
  if (value !== undefined) headers.authorization = value
}

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
      setAuthorization(headers, value)
      return dispatch({ ...opts, headers }, handler)
    }
  }
}
