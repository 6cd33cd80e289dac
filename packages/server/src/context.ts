import { AbortedError } from '@composite-ipfs/interface'
import { apiPath, routeOf } from './router.ts'
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

/** Where a context keeps the route of its path: the core routes on it again (a private symbol, as for the exchange) */
const ROUTE = Symbol('composite-ipfs.route')

type WithRoute = RequestContext & { [ROUTE]?: { pathname: string, route: Route } }

/** The route of `ctx.url.pathname` (`undefined` outside `/api/v0/`), computed once per path */
export function routeOfContext (ctx: RequestContext): Route | undefined {
  const holder = ctx as WithRoute
  const pathname = ctx.url.pathname
  const cached = holder[ROUTE]
  if (cached !== undefined && cached.pathname === pathname) {
    return cached.route
  }
  const path = apiPath(pathname)
  if (path === undefined) {
    return undefined
  }
  const route = routeOf(path)
  holder[ROUTE] = { pathname, route }
  return route
}

/**
 * Builds the context of one request. `command` is the resolved command (`pin/add` for
 * `/api/v0/pin/add/<cid>`), or the raw path for commands without a typed handler.
 * The signal aborts when the client goes away before the response ended, or the server closes.
 */
export function createContext (req: IncomingMessage, res: ServerResponse, init: ContextInit): RequestContext {
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
  const ctx: WithRoute = {
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
    ctx[ROUTE] = { pathname: url.pathname, route }
  }
  return ctx
}
