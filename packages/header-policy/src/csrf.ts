import { refererOrigin } from './referer.ts'

/** What the CSRF gate looks at; the allowed origins are compared exactly (case-sensitive) */
export interface CsrfRequest {
  method: string
  origin?: string
  referer?: string
  userAgent?: string
}

/**
 * go-ipfs-cmds' CSRF gate (`http/config.go`: `allowOrigin`, `allowReferer`, `allowUserAgent`).
 * Unlike the CORS answers, origins match exactly: rs/cors wildcards and case-insensitivity
 * do not apply here. Returns true when the request may go on.
 */
export function passesCsrfGate (request: CsrfRequest, isAllowed: (origin: string) => boolean): boolean {
  if (request.origin !== undefined && !isAllowed(request.origin)) return false
  if (request.referer !== undefined) {
    const origin = refererOrigin(request.referer)
    if (origin === undefined || !isAllowed(origin)) return false
  }
  return allowUserAgent(request)
}

/**
 * A browser always sends Origin or Referer with a POST; a `Mozilla…` user agent without
 * either is a form or an old browser, except Electron's renderer, which sends neither.
 */
function allowUserAgent ({ method, origin, referer, userAgent = '' }: CsrfRequest): boolean {
  if (method !== 'POST' || origin !== undefined || referer !== undefined) return true
  if (userAgent.includes('Electron')) return true
  return !userAgent.startsWith('Mozilla')
}
