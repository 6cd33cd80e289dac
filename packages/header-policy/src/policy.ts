import type { CorsRequest, HeaderPair } from './cors.ts'
import type { CommandHeader } from './settings.ts'

/** Everything a policy looks at in one request */
export interface PolicyRequest extends CorsRequest {
  /** The path, for probes sent to the same command upstream */
  path: string
  referer?: string
  userAgent?: string
  /** The local port the request came in on */
  port?: number
}

/** The verdict on a request that is not a preflight */
export interface ActualVerdict {
  /** CORS headers, set even when the request is refused (rs/cors runs before the CSRF gate) */
  cors: HeaderPair[]
  /** False when the CSRF gate refuses the request */
  allowed: boolean
}

/** A header policy: where the CORS and CSRF verdicts and the command headers come from */
export interface Policy {
  preflight(request: PolicyRequest, signal: AbortSignal): Promise<HeaderPair[]>
  actual(request: PolicyRequest, signal: AbortSignal): Promise<ActualVerdict>
  commandHeaders(signal: AbortSignal): Promise<readonly CommandHeader[]>
}
