import { AbortedError } from '@composite-ipfs/interface'
import { apiPath, routeOf } from './router.ts'
import type { Exchange } from './exchange.ts'
import type { Route } from './router.ts'
import type { Backend, RequestContext } from '@composite-ipfs/interface'
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface ContextInit {
  backend: Backend
  /** The `Server` header of command responses; empty for none */
  serverHeader: string
  /** Aborted when the server gives up waiting for in-flight requests */
  serverSignal: AbortSignal
}

/** The request URL against the listener's origin (the `Host` header, as Go fills `r.Host`) */
function requestUrl (req: IncomingMessage): URL {
  const scheme = (req.socket as { encrypted?: boolean }).encrypted === true ? 'https' : 'http'
  const target = req.url ?? '/'
  for (const host of [req.headers.host ?? 'localhost', 'localhost']) {
    try {
      // an origin-form target is a path, even when it starts with `//`
      return target.startsWith('/') ? new URL(`${scheme}://${host}${target}`) : new URL(target)
    } catch {}
  }
  return new URL(`${scheme}://localhost/`)
}

/**
 * The context this server makes: the middleware contract, and what the core keeps on it. A
 * middleware sees it as a `RequestContext`; contexts made elsewhere (tests) lack these fields.
 */
export interface ServerContext extends RequestContext {
  /** The route of `url.pathname` as last computed: the core routes on it again */
  route?: { pathname: string, route: Route }
  /** What the one error writer needs to know about the exchange */
  exchange?: Exchange
}

/** The route of `ctx.url.pathname` (`undefined` outside `/api/v0/`), computed once per path */
export function routeOfContext (ctx: RequestContext): Route | undefined {
  const server = ctx as ServerContext
  const pathname = ctx.url.pathname
  if (server.route !== undefined && server.route.pathname === pathname) {
    return server.route.route
  }
  const path = apiPath(pathname)
  if (path === undefined) {
    return undefined
  }
  const route = routeOf(path)
  server.route = { pathname, route }
  return route
}

/**
 * Builds the context of one request. `command` is the resolved command (`pin/add` for
 * `/api/v0/pin/add/<cid>`), or the raw path for commands without a typed handler.
 * The signal aborts when the client goes away before the response ended, or the server closes.
 */
export function createContext (req: IncomingMessage, res: ServerResponse, init: ContextInit): ServerContext {
  const url = requestUrl(req)
  const path = apiPath(url.pathname)
  const route = path === undefined ? undefined : routeOf(path)
  const controller = new AbortController()
  const abort = (): void => { controller.abort(new AbortedError()) }
  const { serverSignal } = init
  if (serverSignal.aborted) {
    abort()
  } else {
    serverSignal.addEventListener('abort', abort, { once: true })
  }
  // one listener per request: a response closed before it finished is a client gone away
  res.once('close', () => {
    serverSignal.removeEventListener('abort', abort)
    if (!res.writableFinished) {
      abort()
    }
  })
  const commandHeaders = new Map<string, string | string[]>()
  if (init.serverHeader !== '') {
    commandHeaders.set('Server', init.serverHeader)
  }
  const ctx: ServerContext = {
    req,
    res,
    url,
    command: route?.command,
    backend: init.backend,
    commandHeaders,
    state: new Map(),
    signal: controller.signal
  }
  if (route !== undefined) {
    ctx.route = { pathname: url.pathname, route }
  }
  return ctx
}
