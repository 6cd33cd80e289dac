import { canonicalHeaderName, UpstreamError, UpstreamUnavailableError } from '@composite-ipfs/interface'
import { passesCsrfGate } from './csrf.ts'
import { HeaderExtractor } from './header-extractor.ts'
import { UpstreamProbe } from './upstream-probe.ts'
import type { HeaderPair } from './cors.ts'
import type { HeaderPolicyInit, HeaderPolicyUpstream } from './init.ts'
import type { ActualVerdict, Policy, PolicyRequest } from './policy.ts'
import type { ProbeAnswer } from './upstream-probe.ts'
import type { CommandHeader, Settings } from './settings.ts'
import type { Logger } from '@composite-ipfs/interface'

const PREFLIGHT_ANSWER = ['vary', 'access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers',
  'access-control-allow-credentials', 'access-control-max-age', 'access-control-allow-private-network']
const ACTUAL_ANSWER = ['access-control-allow-origin', 'access-control-allow-credentials']
const FALLBACK_PREFLIGHT: HeaderPair[] = [['Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers']]

/**
 * The daemon's own policy, asked per request (ipfs-cluster `api/ipfsproxy/headers.go`):
 * - a preflight is forwarded as an `OPTIONS` with the caller's `Origin` and
 *   `Access-Control-Request-*`, and the daemon's CORS answer is copied;
 * - a POST with an `Origin` or `Referer` is checked by sending the daemon a harmless
 *   `POST /api/v0/version` with those two headers: Kubo's CSRF gate answers 403 or not, and
 *   rs/cors adds the same `Access-Control-Allow-Origin` it would add to the real command.
 *   (cluster's proxy only copies CORS headers and never refuses; a preflight cannot tell the
 *   CSRF verdict, which compares origins exactly and also checks the Referer.)
 * - `Server` and `extractHeadersExtra` come from the daemon's `version` response, cached.
 */
export class UpstreamPolicy implements Policy {
  private readonly probe: UpstreamProbe
  private readonly extractor: HeaderExtractor
  private readonly settings: Settings
  private readonly logger?: Logger

  constructor (upstream: HeaderPolicyUpstream, settings: Settings, init: HeaderPolicyInit) {
    this.probe = new UpstreamProbe(upstream)
    this.settings = settings
    this.logger = init.logger
    this.extractor = new HeaderExtractor({
      probe: this.probe,
      names: ['Server', ...(init.extractHeadersExtra ?? [])],
      ttl: headersTtl(init.extractHeadersTtl),
      logger: init.logger
    })
  }

  async preflight (request: PolicyRequest, signal: AbortSignal): Promise<HeaderPair[]> {
    try {
      const answer = await this.probe.send('OPTIONS', request.path, {
        origin: request.origin,
        'access-control-request-method': request.requestMethod,
        'access-control-request-headers': request.requestHeaders?.join(', ')
      }, signal)
      return pick(answer, PREFLIGHT_ANSWER)
    } catch (err) {
      this.logger?.warn({ upstream: this.probe.label, error: (err as Error).message }, `header-policy: preflight to ${this.probe.label} failed: ${(err as Error).message}`)
      return FALLBACK_PREFLIGHT
    }
  }

  async actual (request: PolicyRequest, signal: AbortSignal): Promise<ActualVerdict> {
    if (request.origin === undefined && request.referer === undefined) {
      // the daemon's verdict could only depend on the User-Agent, a fixed rule
      return { cors: [], allowed: passesCsrfGate(request, () => false) }
    }
    if (request.method === 'POST') return this.checkPost(request, signal)
    if (request.origin === undefined) return { cors: [], allowed: true }
    try {
      const answer = await this.probe.send('OPTIONS', request.path, { origin: request.origin, 'access-control-request-method': request.method }, signal)
      return { cors: pick(answer, ACTUAL_ANSWER), allowed: true }
    } catch (err) {
      this.logger?.warn({ upstream: this.probe.label, error: (err as Error).message }, `header-policy: CORS probe to ${this.probe.label} failed: ${(err as Error).message}`)
      return { cors: [], allowed: true }
    }
  }

  async commandHeaders (): Promise<readonly CommandHeader[]> {
    const extracted = await this.extractor.get()
    if (extracted === undefined || extracted.length === 0) return this.settings.commandHeaders
    const replaced = new Set(extracted.map(([name]) => name.toLowerCase()))
    return [...this.settings.commandHeaders.filter(([name]) => !replaced.has(name.toLowerCase())), ...extracted]
  }

  private async checkPost (request: PolicyRequest, signal: AbortSignal): Promise<ActualVerdict> {
    let answer: ProbeAnswer
    try {
      answer = await this.probe.send('POST', '/api/v0/version', { origin: request.origin, referer: request.referer }, signal)
    } catch (err) {
      // refusing is the safe side of a security gate that cannot be asked
      throw new UpstreamUnavailableError(`cannot check the request origin with ${this.probe.label}: ${(err as Error).message}`, [err as Error])
    }
    const cors = pick(answer, ACTUAL_ANSWER)
    if (answer.status === 200) return { cors, allowed: true }
    if (answer.status === 403 && answer.body.startsWith('403 - Forbidden')) return { cors, allowed: false }
    throw new UpstreamError(`cannot check the request origin with ${this.probe.label}: ${answer.body.trim() || `status ${answer.status}`}`, {
      endpoint: this.probe.label,
      upstreamStatus: answer.status
    })
  }
}

function pick (answer: ProbeAnswer, names: readonly string[]): HeaderPair[] {
  const out: HeaderPair[] = []
  for (const name of names) {
    const value = answer.headers[name]
    if (value !== undefined) out.push([canonicalHeaderName(name), Array.isArray(value) ? value.join(', ') : value])
  }
  return out
}

/** `extractHeadersTtl` in whole ms; 0 (or `Infinity`) keeps the headers for ever */
function headersTtl (ttl: number | undefined): number {
  if (ttl === undefined) return 300_000
  if (ttl === Number.POSITIVE_INFINITY) return 0
  if (!Number.isFinite(ttl) || ttl < 0) throw new TypeError(`extractHeadersTtl must be a number of ms, 0 or more, got ${ttl}`)
  return Math.round(ttl)
}
