import type { Dispatcher } from 'undici'

export interface TimeoutsOptions {
  /** Milliseconds to wait for the response headers once the request is sent */
  headers?: number
  /** Milliseconds allowed between two chunks of the response body (0 disables) */
  body?: number
}

/**
 * Gives every request default header and body timeouts (a request's own values win). Kept
 * as an interceptor so that it also applies to a caller-supplied dispatcher. The connect
 * timeout is a socket option and lives on the endpoint's pool.
 *
 * @example
 * ```ts
 * const dispatcher = new Agent().compose(timeouts({ headers: 30_000, body: 60_000 }))
 * ```
 */
export function timeouts (options: TimeoutsOptions): Dispatcher.DispatcherComposeInterceptor {
  const { headers, body } = options
  return function timeoutsInterceptor (dispatch) {
    return function dispatchWithTimeouts (opts, handler) {
      return dispatch({
        ...opts,
        headersTimeout: opts.headersTimeout ?? headers,
        bodyTimeout: opts.bodyTimeout ?? body
      }, handler)
    }
  }
}
