import { toHeaderRecord } from '../headers.ts'
import { setAuthorization } from './authorization.ts'
import { setHopHeaders } from './composite-hops.ts'
import { ownUserAgent, stripCallerHeaders } from './strip-headers.ts'
import { StartTracker } from './track-request-start.ts'
import type { HeaderRecord } from '../headers.ts'
import type { CompositeHopsOptions } from './composite-hops.ts'
import type { RequestStartOptions } from './track-request-start.ts'
import type { Dispatcher } from 'undici'

export interface OutboundOptions {
  /** Default headers timeout, ms (a request's own value wins) */
  headersTimeout?: number
  /** Default body timeout, ms (a request's own value wins) */
  bodyTimeout?: number
  /** The endpoint's `Authorization` value */
  authorization?: string
  /** Our own `User-Agent` (dropped if it looks like a Kubo agent) */
  userAgent?: string
}

/**
 * What `stripHeaders`, `compositeHops`, `authorization`, `timeouts` and `trackRequestStart`
 * do, in that order, as one interceptor: one header record and one options copy per request
 * instead of one per layer. An endpoint's dispatcher is composed with it once.
 *
 * @example
 * ```ts
 * const dispatcher = pool.compose(outbound({ authorization: 'Bearer s3cret', headersTimeout: 30_000 }))
 * ```
 */
export function outbound (options: OutboundOptions): Dispatcher.DispatcherComposeInterceptor {
  const { headersTimeout, bodyTimeout, authorization } = options
  const userAgent = ownUserAgent(options.userAgent)
  return function outboundInterceptor (dispatch) {
    return function dispatchOutbound (opts, handler) {
      const { via, hops, onRequestSent } = opts as Dispatcher.DispatchOptions & CompositeHopsOptions & RequestStartOptions
      let headers: HeaderRecord
      if (opts.headers == null) {
        // nothing to strip or replace (most calls): only our own headers
        headers = {}
        if (userAgent !== undefined) headers['user-agent'] = userAgent
        if (via !== undefined || hops !== undefined) setHopHeaders(headers, via, hops)
        if (authorization !== undefined) headers.authorization = authorization
      } else {
        headers = toHeaderRecord(opts.headers as never)
        stripCallerHeaders(headers, userAgent)
        setHopHeaders(headers, via, hops)
        setAuthorization(headers, authorization)
      }
      const next: Dispatcher.DispatchOptions & CompositeHopsOptions & RequestStartOptions = {
        ...opts,
        headers,
        headersTimeout: opts.headersTimeout ?? headersTimeout,
        bodyTimeout: opts.bodyTimeout ?? bodyTimeout
      }
      next.via = undefined
      next.hops = undefined
      next.onRequestSent = undefined
      return dispatch(next, onRequestSent === undefined ? handler : new StartTracker(handler, onRequestSent))
    }
  }
}
