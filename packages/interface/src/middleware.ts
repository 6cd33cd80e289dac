import type { Backend } from './backend.ts'
import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * What a middleware sees of one request. The server core builds it; middleware packages
 * (header policy, auth, loop protection) only depend on this contract, never on the server.
 */
export interface RequestContext {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  /** The request URL, parsed against the listener's origin */
  readonly url: URL
  /** The command path under `/api/v0/` (`pin/add`), or `undefined` when the path is outside the API */
  readonly command: string | undefined
  /** The backend behind this node */
  readonly backend: Backend
  /**
   * Headers added to every response that reaches a command (Kubo's `API.HTTPHeaders` step:
   * `Server`, CORS answers). Responses refused earlier (403, 404, 405, 400 parse errors) do not get them.
   */
  readonly commandHeaders: Map<string, string | string[]>
  /** Per-request values shared between middleware, e.g. the authenticated principal */
  readonly state: Map<string, unknown>
  /** Aborted when the client goes away or the server closes */
  readonly signal: AbortSignal
  /**
   * What a later middleware or the command threw, once the server answered it (hono's
   * `c.error`): a middleware around them sees it after `await next()` returns
   */
  error?: unknown
}

export type Next = () => Promise<void>

/**
 * A koa-style middleware: do work, `await next()` to run the rest of the chain, do more work.
 * To answer early, write to `ctx.res` (or throw a `CompositeIpfsError`) and do not call `next`.
 */
export type Middleware = (ctx: RequestContext, next: Next) => Promise<void>
