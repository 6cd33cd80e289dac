import type { Dispatcher } from 'undici'

/**
 * Calls `onStart` when undici begins writing the request to a socket (`onRequestStart`).
 * Until then nothing reached the upstream, which is what makes it safe to move a
 * non-idempotent request (a pin, an upload) to another endpoint after a failure.
 *
 * @example
 * ```ts
 * let sent = false
 * await pool.compose(trackRequestStart(() => { sent = true })).request(opts)
 * ```
 */
export function trackRequestStart (onStart: () => void): Dispatcher.DispatcherComposeInterceptor {
  return function trackRequestStartInterceptor (dispatch) {
    return function dispatchTracked (opts, handler) {
      return dispatch(opts, {
        ...forwardHandler(handler),
        onRequestStart (controller, context) {
          onStart()
          handler.onRequestStart?.(controller, context)
        }
      })
    }
  }
}

/** A handler that forwards every new-style callback to `handler` */
function forwardHandler (handler: Dispatcher.DispatchHandler): Dispatcher.DispatchHandler {
  return {
    onRequestUpgrade: (controller, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
    onResponseStart: (controller, statusCode, headers, statusMessage) => handler.onResponseStart?.(controller, statusCode, headers, statusMessage),
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
    onResponseError: (controller, error) => handler.onResponseError?.(controller, error)
  }
}
