import type { IncomingHttpHeaders } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Dispatcher } from 'undici'

/** The dispatch option {@link trackRequestStart} reads: called once the request starts going out */
export interface RequestStartOptions {
  onRequestSent?: () => void
}

/**
 * Calls `onStart`, and the request's own `onRequestSent` dispatch option, when undici begins
 * writing the request to a socket (`onRequestStart`). Until then nothing reached the upstream,
 * which is what makes it safe to move a non-idempotent request (a pin, an upload) to another
 * endpoint after a failure. Reading the callback from the options lets a dispatcher be
 * composed once and serve every request.
 *
 * @example
 * ```ts
 * let sent = false
 * await pool.compose(trackRequestStart(() => { sent = true })).request(opts)
 * // or, composed once:
 * const tracked = pool.compose(trackRequestStart())
 * await tracked.request({ ...opts, onRequestSent: () => { sent = true } } as Dispatcher.RequestOptions)
 * ```
 */
export function trackRequestStart (onStart?: () => void): Dispatcher.DispatcherComposeInterceptor {
  return function trackRequestStartInterceptor (dispatch) {
    return function dispatchTracked (opts, handler) {
      const onRequestSent = (opts as RequestStartOptions).onRequestSent
      if (onStart === undefined && onRequestSent === undefined) return dispatch(opts, handler)
      return dispatch(opts, new StartTracker(handler, onStart, onRequestSent))
    }
  }
}

/** Forwards every new-style callback to `handler`, telling `onStart`s first when the request starts */
export class StartTracker implements Dispatcher.DispatchHandler {
  readonly #handler: Dispatcher.DispatchHandler
  readonly #first: (() => void) | undefined
  readonly #second: (() => void) | undefined

  constructor (handler: Dispatcher.DispatchHandler, first: (() => void) | undefined, second?: () => void) {
    this.#handler = handler
    this.#first = first
    this.#second = second
  }

  onRequestStart (controller: Dispatcher.DispatchController, context: unknown): void {
    this.#first?.()
    this.#second?.()
    this.#handler.onRequestStart?.(controller, context)
  }

  onRequestUpgrade (controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, socket: Duplex): void {
    this.#handler.onRequestUpgrade?.(controller, statusCode, headers, socket)
  }

  onResponseStart (controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    this.#handler.onResponseStart?.(controller, statusCode, headers, statusMessage)
  }

  onResponseData (controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#handler.onResponseData?.(controller, chunk)
  }

  onResponseEnd (controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.#handler.onResponseEnd?.(controller, trailers)
  }

  onResponseError (controller: Dispatcher.DispatchController, error: Error): void {
    this.#handler.onResponseError?.(controller, error)
  }
}
