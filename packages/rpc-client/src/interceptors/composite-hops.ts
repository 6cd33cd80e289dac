import { COMPOSITE_HOPS_HEADER, COMPOSITE_VIA_HEADER, hopHeaders } from '@composite-ipfs/interface'
import { toHeaderRecord } from '../headers.ts'
import type { HeaderRecord } from '../headers.ts'
import type { Dispatcher } from 'undici'

export { COMPOSITE_HOPS_HEADER, COMPOSITE_VIA_HEADER } from '@composite-ipfs/interface'

/** What a request carries for loop protection: the backend's `CallOptions.via` and `.hops` */
export interface CompositeHopsOptions {
  via?: readonly string[]
  hops?: number
}

/**
 * Writes `via` and `hops` into a (lower-cased) header record as the composite hop headers,
 * replacing (or dropping, without `via`/`hops`) any the caller put there.
 */
export function setHopHeaders (headers: HeaderRecord, via: readonly string[] = [], hops?: number): void {
  delete headers[COMPOSITE_VIA_HEADER]
  delete headers[COMPOSITE_HOPS_HEADER]
  Object.assign(headers, hopHeaders({ via, hops }))
}

/**
 * Writes a request's `via` and `hops` dispatch options as the composite hop headers. These
 * headers are ours alone: any the caller put in `headers` is replaced (or dropped when the
 * request carries no `via`/`hops`), so a forwarded request can never smuggle a chain.
 *
 * @example
 * ```ts
 * const pool = new Pool(origin).compose(compositeHops())
 * await pool.request({ path: '/api/v0/id', method: 'POST', via: ['gateway-eu'], hops: 1 } as Dispatcher.RequestOptions)
 * ```
 */
export function compositeHops (): Dispatcher.DispatcherComposeInterceptor {
  return function compositeHopsInterceptor (dispatch) {
    return function dispatchWithHops (opts, handler) {
      const { via, hops, ...rest } = opts as Dispatcher.DispatchOptions & CompositeHopsOptions
      const headers = toHeaderRecord(rest.headers as never)
      setHopHeaders(headers, via, hops)
      return dispatch({ ...rest, headers }, handler)
    }
  }
}
