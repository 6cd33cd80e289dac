import { ForbiddenError } from '@composite-ipfs/interface'
import { compileAuthorizations } from './compile.ts'
import { ACCESS_DENIED_MESSAGE, API_PREFIX, AUTH_STATE_KEY } from './constants.ts'
import { permits } from './permits.ts'
import { decodedPath } from './request-path.ts'
import { matchSecret } from './secret-matcher.ts'
import type { ApiAuthInit } from './init.ts'
import type { AuthPrincipal } from './types.ts'
import type { Middleware } from '@composite-ipfs/interface'

/** @see {@link apiAuth} in index.ts */
export function createApiAuth (init: ApiAuthInit = {}): Middleware {
  const authorizations = init.authorizations ?? {}
  if (Object.keys(authorizations).length === 0) {
    // Kubo: a nil or empty API.Authorizations leaves the RPC API open
    return async function apiAuth (_ctx, next) {
      await next()
    }
  }
  // entries that cannot match are dropped, but the check stays on: Kubo then refuses everything
  const entries = compileAuthorizations(authorizations, init.logger)

  return async function apiAuth (ctx, next) {
    const path = decodedPath(ctx.url.pathname)
    if (!ctx.url.pathname.startsWith(API_PREFIX) && path?.startsWith(API_PREFIX) !== true) {
      // Kubo wraps only its /api/v0/ handler; everything else is the server's 404
      await next()
      return
    }
    const entry = matchSecret(entries, ctx.req.headers.authorization)
    if (entry === undefined || path === undefined || !permits(entry, path)) {
      throw new ForbiddenError(ACCESS_DENIED_MESSAGE)
    }
    const principal: AuthPrincipal = { name: entry.name, scope: entry.scope }
    ctx.state.set(AUTH_STATE_KEY, principal)
    await next()
  }
}
