import { toHeaderRecord } from '../headers.ts'
import type { HeaderRecord } from '../headers.ts'
import type { Dispatcher } from 'undici'

/**
 * Caller headers that never go upstream. A browser's `Origin`/`Referer`/`User-Agent` would trip
 * Kubo's CSRF gate (403), a `/kubo/` or `/go-ipfs/` agent its version check (400), and
 * hop-by-hop headers belong to the inbound connection only.
 */
export const STRIPPED_HEADERS: readonly string[] = [
  'origin', 'referer', 'user-agent', 'authorization', 'cookie', 'host', 'connection', 'keep-alive',
  'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect'
]

/** True for agents Kubo's `CheckVersionOption` would refuse with `api version mismatch` */
export const isKuboAgent = (ua: string): boolean => ua.includes('/kubo/') || ua.includes('/go-ipfs/')

export interface StripHeadersOptions {
  /**
   * Our own `User-Agent`; dropped if it looks like a Kubo agent
   *
   * @default undefined (no User-Agent header)
   */
  userAgent?: string
}

/** Our own `User-Agent` as it may be sent: undefined when it looks like a Kubo agent */
export function ownUserAgent (userAgent: string | undefined): string | undefined {
  return userAgent !== undefined && !isKuboAgent(userAgent) ? userAgent : undefined
}

/** Removes {@link STRIPPED_HEADERS} from a (lower-cased) header record, then sets `userAgent` if given */
export function stripCallerHeaders (headers: HeaderRecord, userAgent: string | undefined): void {
  for (const name of STRIPPED_HEADERS) delete headers[name]
  if (userAgent !== undefined) headers['user-agent'] = userAgent
}

/**
 * Removes {@link STRIPPED_HEADERS} from every request. Runs before `authorization`, which
 * then adds the endpoint's own secret.
 *
 * @example
 * ```ts
 * const pool = new Pool(origin).compose(authorization(secret), stripHeaders())
 * ```
 */
export function stripHeaders (options: StripHeadersOptions = {}): Dispatcher.DispatcherComposeInterceptor {
  const userAgent = ownUserAgent(options.userAgent)
  return function stripHeadersInterceptor (dispatch) {
    return function dispatchWithoutCallerHeaders (opts, handler) {
      const headers = toHeaderRecord(opts.headers as never)
      stripCallerHeaders(headers, userAgent)
      return dispatch({ ...opts, headers }, handler)
    }
  }
}
