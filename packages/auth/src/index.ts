/**
 * @packageDocumentation
 *
 * Kubo's `API.Authorizations` for composite nodes, as a middleware. A Kubo config can be reused
 * as it is: each user has an `AuthSecret` (`bearer:<token>`, `basic:<user>:<password>`,
 * `basic:<base64>`, or a bare token meaning bearer) and `AllowedPaths` (`/api/v0/...` prefixes).
 * A request needs an `Authorization` header equal to a secret, and a path under one of its
 * prefixes; `/api/v0/version` is allowed to any valid secret. Anything else gets Kubo's 403
 * `Kubo RPC Access Denied: ...`. Our extension, `scope: 'read-only'`, also restricts a secret
 * to the commands that change nothing.
 *
 * Secrets are compared in constant time, read from a config object, a file or the
 * environment (never from argv), and never written to errors or logs.
 *
 * Put `apiAuth` first in the middleware chain: Kubo checks secrets before CORS, so even a
 * preflight `OPTIONS` without `Authorization` gets the 403.
 *
 * @example
 *
 * ```ts
 * import { apiAuth, loadAuthorizations } from '@composite-ipfs/auth'
 * import { headerPolicy } from '@composite-ipfs/header-policy'
 * import { ipfsApiServer } from '@composite-ipfs/server'
 *
 * const authorizations = await loadAuthorizations({ env: process.env })
 * const server = ipfsApiServer({ backend, middleware: [apiAuth({ authorizations }), headerPolicy()] })
 * ```
 */

import { createApiAuth } from './api-auth.ts'
import { load } from './load.ts'
import type { ApiAuthInit } from './init.ts'
import type { LoadAuthorizationsOptions } from './load.ts'
import type { Authorizations } from './types.ts'
import type { Middleware } from '@composite-ipfs/interface'

/**
 * Creates the authorization middleware. With no `authorizations` it does nothing, as Kubo;
 * with any, a request under `/api/v0/` must carry the `Authorization` header of a secret whose
 * `AllowedPaths` (and `scope`) allow it, else `ForbiddenError` with Kubo's text is thrown and
 * the server answers 403 text/plain. The user is then in `ctx.state.get('auth')`.
 *
 * @example
 * ```ts
 * const auth = apiAuth({
 *   authorizations: {
 *     alice: { AuthSecret: 'basic:alice:password123', AllowedPaths: ['/api/v0/id', '/api/v0/pin'] },
 *     reader: { AuthSecret: 'bearer:r34d', AllowedPaths: ['/api/v0'], scope: 'read-only' },
 *     admin: { AuthSecret: 'bearer:s3cret', AllowedPaths: ['/api/v0'] }
 *   }
 * })
 * const server = ipfsApiServer({ backend, middleware: [auth] })
 * ```
 */
export function apiAuth (init: ApiAuthInit = {}): Middleware {
  return createApiAuth(init)
}

/**
 * Reads `API.Authorizations` from the first source given: `config` (the map, or a whole Kubo
 * config), `file` (a JSON file: the map, or a Kubo config file such as `~/.ipfs/config`), then
 * the environment: `COMPOSITE_IPFS_API_AUTHORIZATIONS` (JSON) or
 * `COMPOSITE_IPFS_API_AUTHORIZATIONS_FILE` (a path; setting both is an error). Resolves with
 * `{}` when there is none. Invalid values throw `AuthConfigError`, which never quotes a secret.
 *
 * @example
 * ```ts
 * // COMPOSITE_IPFS_API_AUTHORIZATIONS_FILE=/run/secrets/ipfs-auth.json
 * const authorizations = await loadAuthorizations()
 * if (Object.keys(authorizations).length === 0 && !isLoopbackAddress(listen)) {
 *   console.warn(`the RPC API on ${listen} is open to anyone who can reach it`)
 * }
 * ```
 */
export async function loadAuthorizations (options: LoadAuthorizationsOptions = {}): Promise<Authorizations> {
  return await load(options)
}

export { isLoopbackAddress } from './loopback.ts'
export { authorizationHeaderOf } from './auth-secret.ts'
export { isReadOnlyCommand, READ_ONLY_COMMANDS, READ_ONLY_PASSTHROUGH } from './read-only.ts'
export { ACCESS_DENIED_MESSAGE, AUTH_STATE_KEY, AUTHORIZATIONS_ENV, AUTHORIZATIONS_FILE_ENV } from './constants.ts'
export { AuthConfigError } from './errors.ts'
export type { ApiAuthInit } from './init.ts'
export type { LoadAuthorizationsOptions } from './load.ts'
export type { AuthorizationEntry, Authorizations, AuthPrincipal, AuthScope } from './types.ts'
