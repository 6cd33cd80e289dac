import { InvalidRequestError, toJson } from '@composite-ipfs/interface'
import type { RepoStatAggregator, RepoStatBreakdown } from './init.ts'
import type { Middleware, RepoStat } from '@composite-ipfs/interface'

export interface RepoStatEndpointInit {
  /**
   * The command path under `/api/v0/` that answers with the breakdown
   *
   * @default 'composite/repo/stat'
   */
  command?: string
}

/**
 * A middleware adding one command to a composite node: `POST /api/v0/composite/repo/stat`
 * answers with the aggregate and every source's own `repo/stat` (or why it is missing), for
 * operators. It takes `size-only` like `repo/stat`; everything else goes to `next`.
 *
 * The answer is one JSON value, integers exact:
 * `{"Total":{…repo/stat…},"Peers":[{"Source":"http://…","Stat":{…}},{"Source":"…","Error":"…"}]}`;
 * an unlimited source also has `"Unlimited":true`.
 *
 * @example
 * ```ts
 * const stats = repoStatAggregator({ sources: kuboUrls })
 * const server = ipfsApiServer({ backend, middleware: [headerPolicy(), repoStatEndpoint(stats)] })
 * // curl -X POST 'http://127.0.0.1:5001/api/v0/composite/repo/stat?size-only=true'
 * ```
 */
export function repoStatEndpoint (aggregator: Pick<RepoStatAggregator, 'breakdown'>, init: RepoStatEndpointInit = {}): Middleware {
  const command = (init.command ?? 'composite/repo/stat').replace(/^\/+|\/+$/g, '')

  return async function repoStatEndpoint (ctx, next) {
    // other methods meet the server's method gate, as for any command
    if (ctx.command !== command || ctx.req.method !== 'POST') return next()
    const sizeOnly = boolOption(ctx.url.searchParams, 'size-only', 's')
    const breakdown = await aggregator.breakdown({ sizeOnly, signal: ctx.signal })
    const { res } = ctx
    for (const [name, value] of ctx.commandHeaders) res.setHeader(name, value)
    res.setHeader('Content-Type', 'application/json')
    res.end(`${toJson(wire(breakdown))}\n`)
  }
}

function wire ({ total, peers }: RepoStatBreakdown): { Total: RepoStat, Peers: unknown[] } {
  return {
    Total: total,
    Peers: peers.map(p => ({ Source: p.source, Unlimited: p.unlimited, Stat: p.stat, Error: p.error }))
  }
}

/** Kubo's bool option grammar: absent is false, `?flag` is true, else Go `ParseBool` lower-cased */
function boolOption (params: URLSearchParams, name: string, alias: string): boolean {
  const value = params.get(name) ?? params.get(alias)
  if (value === null) return false
  const lower = value.toLowerCase()
  if (['', '1', 't', 'true'].includes(lower)) return true
  if (['0', 'f', 'false'].includes(lower)) return false
  throw new InvalidRequestError(`could not convert value "${value}" to type "bool" (for option "-${name}")`)
}
