import { CommandNotFoundError, hopCallOptions, isHostilePath, MethodNotAllowedError, NotSupportedError } from '@composite-ipfs/interface'
import { exchangeOf } from './exchange.ts'
import { HANDLERS } from './handlers/index.ts'
import { forwardingOf } from './forward-policy.ts'
import { forward } from './passthrough.ts'
import { backendOptions, backstopOf, parseEncoding, withDeadline } from './request/call-options.ts'
import { parseDuration } from './request/duration.ts'
import { parseCall } from './request/parse.ts'
import { routeOfContext } from './context.ts'
import { routeOf } from './router.ts'
import { appendVary, applyHeaders, sortHeaders } from './write/headers.ts'
import { writeOutput } from './write/output.ts'
import { writePreamble } from './write/preamble.ts'
import { raceSignal } from './write/race.ts'
import type { ForwardPolicy } from './forward-policy.ts'
import type { ParseLimits } from './request/parse.ts'
import type { TypedRoute } from './router.ts'
import type { CallOptions, Middleware, RequestContext } from '@composite-ipfs/interface'

export interface CoreOptions extends ParseLimits, ForwardPolicy {
  /** Commands whose mid-stream errors end the body abnormally (`true`: all) */
  abortStreamOnError: boolean | readonly string[]
  callOptions?: (ctx: RequestContext) => Partial<CallOptions>
}

function empty (ctx: RequestContext, status: number, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) {
    ctx.res.setHeader(name, value)
  }
  sortHeaders(ctx.res)
  // status then end(): node writes Content-Length: 0 as Go does, where writeHead would go chunked
  ctx.res.statusCode = status
  ctx.res.end()
}

/**
 * The Kubo RPC core, the last middleware of the chain: API prefix, preflight and method gate,
 * routing, parsing, then the typed handler or the backend's passthrough.
 */
export function kuboRpcCore (options: CoreOptions): Middleware {
  const abortsOn = (command: string): boolean =>
    options.abortStreamOnError === true || (Array.isArray(options.abortStreamOnError) && options.abortStreamOnError.includes(command))

  return async function kuboRpc (ctx) {
    const { req, res, backend } = ctx
    if (ctx.command === undefined) {
      if (ctx.url.pathname === '/api/v0') {
        // Go's ServeMux redirects the bare prefix to the `/api/v0/` subtree
        empty(ctx, 307, { Location: `/api/v0/${ctx.url.search}` })
        return
      }
      throw new CommandNotFoundError()
    }
    appendVary(res, 'Origin')
    if (req.method === 'OPTIONS') {
      if (req.headers['access-control-request-method'] !== undefined) {
        // a preflight no middleware answered: rs/cors would still answer 204, without CORS headers
        appendVary(res, 'Access-Control-Request-Method', 'Access-Control-Request-Headers')
        empty(ctx, 204)
      } else {
        empty(ctx, 204, { Allow: 'OPTIONS, POST' })
      }
      return
    }
    if (req.method !== 'POST') {
      throw new MethodNotAllowedError()
    }
    // route on the raw path: ctx.command is already resolved and lost a path argument
    const route = routeOfContext(ctx) ?? routeOf(ctx.command)
    const typed = route.kind === 'typed' && typeof backend[route.name] === 'function'
    // the loop guard's trail goes down with every call: a host cannot forget to wire it
    const extra = { ...hopCallOptions(ctx.state), ...options.callOptions?.(ctx) }
    const exchange = exchangeOf(ctx)
    exchange.abortStream = abortsOn(route.command)
    if (route.command === '' || (route.kind === 'untyped' && isHostilePath(route.command))) {
      throw new CommandNotFoundError() // `/api/v0/` names no command; hostile paths are never forwarded
    }
    if (!typed && forwardingOf(route.command, options) === 'shutdown') {
      // Kubo answers an empty chunked 200 (the command emits nothing), then stops
      res.once('finish', () => { options.onShutdown?.() })
      applyHeaders(res, ctx.commandHeaders)
      writePreamble(req, res, { kind: 'stream', contentType: 'application/json' })
      res.end()
      return
    }
    if (!typed && backend.passthrough !== undefined) {
      await forward(ctx, { req, res, signal: ctx.signal, exchange }, backend.passthrough.bind(backend), route.command, extra)
      return
    }
    if (route.kind === 'untyped') {
      throw new CommandNotFoundError()
    }
    await runTyped(ctx, route, options, extra)
  }
}

async function runTyped (ctx: RequestContext, route: TypedRoute, options: CoreOptions, extra: Partial<CallOptions>): Promise<void> {
  const { req, res, backend } = ctx
  const call = await parseCall(req, route, options)
  applyHeaders(res, ctx.commandHeaders)
  const timeout = call.raw.get('timeout')?.[0]
  const timeoutMs = timeout === undefined ? undefined : parseDuration(timeout)
  if (timeout !== undefined && timeoutMs === undefined) {
    // Kubo's handler returns without writing on an unparsable timeout: Go sends an empty 200
    empty(ctx, 200)
    return
  }
  const exchange = exchangeOf(ctx)
  exchange.encoding = parseEncoding(call.raw.get('encoding')?.[0])
  if (typeof backend[route.name] !== 'function') {
    throw new NotSupportedError()
  }
  const deadline = withDeadline(ctx.signal, timeoutMs === undefined ? undefined : backstopOf(timeoutMs))
  try {
    const handlerCall = { ...call, options: backendOptions(call.options, deadline.signal, timeoutMs === undefined ? extra : { ...extra, timeout: timeoutMs }) }
    const output = await raceSignal(HANDLERS[route.name](backend, handlerCall), deadline.signal)
    await writeOutput({ req, res, signal: deadline.signal, exchange }, output, handlerCall)
  } finally {
    deadline.clear()
  }
}
