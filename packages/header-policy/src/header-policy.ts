import { ForbiddenError } from '@composite-ipfs/interface'
import { passesCsrfGate } from './csrf.ts'
import { LocalPolicy } from './local-policy.ts'
import { allHeaders, firstHeader } from './request-headers.ts'
import { settings } from './settings.ts'
import { UpstreamPolicy } from './upstream-policy.ts'
import type { HeaderPair } from './cors.ts'
import type { HeaderPolicyInit } from './init.ts'
import type { Policy, PolicyRequest } from './policy.ts'
import type { CommandHeader } from './settings.ts'
import type { Middleware, RequestContext } from '@composite-ipfs/interface'
import type { ServerResponse } from 'node:http'

/**
 * Kubo's header policy as a middleware: the rs/cors answers (preflights are answered here
 * with 204), the go-ipfs-cmds CSRF gate for POST (403 `403 - Forbidden`), `Vary: Origin` on
 * every response, and Kubo's headers (`Server`, `API.HTTPHeaders`) on command responses.
 * With `upstream`, the verdicts and headers come from that daemon instead.
 *
 * Put it first in the chain: in Kubo, CORS runs before the method gate and the CSRF gate
 * before parsing, so a 403 wins over a 404 for an unknown command.
 *
 * @example
 * ```ts
 * import { ipfsApiServer } from '@composite-ipfs/server'
 * import { headerPolicy } from '@composite-ipfs/header-policy'
 *
 * const server = ipfsApiServer({
 *   backend,
 *   middleware: [headerPolicy({ allowedOrigins: ['https://webui.example.com'] })]
 * })
 * // or mimic the Kubo behind a composite node, as ipfs-cluster's proxy does:
 * headerPolicy({ upstream: { url: 'http://127.0.0.1:5001' }, extractHeadersExtra: ['X-Custom-Header'] })
 * ```
 */
export function headerPolicy (init: HeaderPolicyInit = {}): Middleware {
  const merged = settings(init)
  const local = init.upstream === undefined
  const policy: Policy = init.upstream === undefined
    ? new LocalPolicy(merged, init.apiPort)
    : new UpstreamPolicy(init.upstream, merged, init)
  // local mode: the command headers never change, so what to drop and set is known now
  const localHeaders = local ? commandHeaderPlan(merged.commandHeaders, merged.removedHeaders) : undefined

  return async function headerPolicy (ctx, next) {
    // outside /api/v0 Kubo's mux never reaches the commands handler and its CORS layer
    if (ctx.command === undefined) return next()
    const { req, res } = ctx

    // The common case, answered without asking the policy: no Origin and no Referer means no
    // CORS headers (rs/cors answers nothing without Origin) and a CSRF verdict from the user
    // agent alone (go-ipfs-cmds `allowUserAgent`); the same verdict the policy would give.
    if (localHeaders !== undefined && req.method !== 'OPTIONS' && req.headers.origin === undefined && req.headers.referer === undefined) {
      res.appendHeader('Vary', 'Origin')
      if (!passesCsrfGate({ method: req.method ?? '', userAgent: req.headers['user-agent'] }, allowNone)) throw new ForbiddenError()
      applyPlan(ctx.commandHeaders, localHeaders)
      return next()
    }

    const request = policyRequest(ctx)
    if (request.method === 'OPTIONS' && request.requestMethod !== undefined) {
      const answer = await policy.preflight(request, ctx.signal)
      res.writeHead(204, toOutgoing(answer))
      res.end()
      return
    }

    res.appendHeader('Vary', 'Origin')
    const verdict = await policy.actual(request, ctx.signal)
    for (const [name, value] of verdict.cors) res.setHeader(name, value)
    if (!verdict.allowed) throw new ForbiddenError()

    // a plain OPTIONS ends at the method gate: no command, no command headers
    if (request.method !== 'OPTIONS') {
      applyPlan(ctx.commandHeaders, localHeaders ?? commandHeaderPlan(await policy.commandHeaders(ctx.signal), merged.removedHeaders))
    }
    await next()
  }
}

/** Never asked: the fast path only takes requests without Origin and Referer */
const allowNone = (): boolean => false

/** Command headers to set, and the lower-cased names to drop first (whatever their case) */
interface CommandHeaderPlan {
  drop: ReadonlySet<string>
  set: readonly CommandHeader[]
}

function commandHeaderPlan (headers: readonly CommandHeader[], removed: readonly string[]): CommandHeaderPlan {
  return { drop: new Set([...removed, ...headers.map(([name]) => name)].map(n => n.toLowerCase())), set: headers }
}

/** Sets (replacing any same-named entry, whatever its case) and removes command headers */
function applyPlan (target: Map<string, string | string[]>, plan: CommandHeaderPlan): void {
  // deleting the entry being visited is safe in a Map iteration
  for (const name of target.keys()) {
    if (plan.drop.has(name.toLowerCase())) target.delete(name)
  }
  for (const [name, value] of plan.set) target.set(name, value)
}

function policyRequest (ctx: RequestContext): PolicyRequest {
  const { req } = ctx
  return {
    method: req.method ?? 'GET',
    path: ctx.url.pathname,
    origin: firstHeader(req, 'origin'),
    referer: firstHeader(req, 'referer'),
    userAgent: firstHeader(req, 'user-agent'),
    requestMethod: firstHeader(req, 'access-control-request-method'),
    requestHeaders: allHeaders(req, 'access-control-request-headers'),
    port: req.socket?.localPort ?? portOf(ctx.url)
  }
}

function portOf (url: URL): number | undefined {
  return url.port === '' ? undefined : Number(url.port)
}

/** Pairs as `writeHead` takes them; a repeated name keeps every value */
function toOutgoing (pairs: HeaderPair[]): Parameters<ServerResponse['writeHead']>[1] {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of pairs) {
    const prev = out[name]
    out[name] = prev === undefined ? value : [...[prev].flat(), value]
  }
  return out
}
