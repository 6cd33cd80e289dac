/**
 * @packageDocumentation
 *
 * The header policy of a Kubo RPC API, as a composite-ipfs middleware (upstream
 * ipfs-cluster #382, "mimic header policies from go-ipfs"):
 *
 * - the CORS answers of rs/cors as Kubo configures it: preflights answered with 204,
 *   `Access-Control-Allow-Origin` for allowed origins, `Vary: Origin` on every response;
 * - the go-ipfs-cmds CSRF gate: a POST with a foreign `Origin` or `Referer`, or from a
 *   `Mozilla…` agent with neither, is refused with 403 `403 - Forbidden`;
 * - Kubo's headers on command responses: `Server: kubo/0.42.0`, the CORS preamble and the
 *   static entries of an `API.HTTPHeaders`-like option.
 *
 * In upstream mode the verdicts come from a real daemon, asked per request, and `Server`
 * (plus any listed header) is copied from its `version` response and cached.
 *
 * @example
 *
 * ```ts
 * import { headerPolicy } from '@composite-ipfs/header-policy'
 *
 * // Kubo's defaults, plus a web UI origin and a custom header
 * const local = headerPolicy({
 *   allowedOrigins: ['https://webui.example.com'],
 *   httpHeaders: { 'X-Custom-Header': ['yes'] }
 * })
 *
 * // whatever the Kubo behind this node answers
 * const mimic = headerPolicy({
 *   upstream: { url: 'http://127.0.0.1:5001' },
 *   extractHeadersExtra: ['X-Custom-Header'],
 *   extractHeadersTtl: 60_000
 * })
 * ```
 */

export { headerPolicy } from './header-policy.ts'
export { COMPANION_ORIGINS, LOCALHOST_ORIGINS } from './origins.ts'
export { DEFAULT_ALLOWED_HEADERS } from './settings.ts'
export type { HeaderPolicyInit, HeaderPolicyUpstream } from './init.ts'
