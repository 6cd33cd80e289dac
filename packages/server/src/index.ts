/**
 * @packageDocumentation
 *
 * The IPFS-API server core of composite-ipfs: a `node:http` server that speaks the Kubo RPC API
 * (`/api/v0/...`) byte for byte like a Kubo daemon, with a pluggable {@link Backend} behind it.
 *
 * It owns the wire: the method gate, routing (typed commands, or the backend's passthrough),
 * Kubo's option grammar, streamed multipart uploads, single/stream/byte framing with Kubo's
 * headers, and the one place that turns errors into bytes (JSON before the first byte, the
 * `X-Stream-Error` trailer or an abnormal end after it). Middleware (header policy, auth) runs
 * before the core.
 *
 * @example
 *
 * ```ts
 * import { ipfsApiServer } from '@composite-ipfs/server'
 *
 * const server = ipfsApiServer({
 *   backend: { name: 'hello', async version () { return { Version: '0.42.0' } } }
 * })
 * const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
 * // curl -X POST ${address.url}/api/v0/version
 * await server.close()
 * ```
 */

import { createIpfsApiServer } from './server.ts'
import type { IpfsApiServer, IpfsApiServerInit } from './types.ts'

/**
 * Creates a Kubo RPC API server with `init.backend` behind it. Nothing listens until `listen()`;
 * `handler` can also be mounted in any node:http server, and `inject()` runs requests in process.
 *
 * @example
 *
 * ```ts
 * import { ipfsApiServer } from '@composite-ipfs/server'
 * import type { Middleware } from '@composite-ipfs/interface'
 *
 * const requestLog: Middleware = async function requestLog (ctx, next) {
 *   const started = Date.now()
 *   await next()
 *   console.log(ctx.command, ctx.res.statusCode, Date.now() - started)
 * }
 * const server = ipfsApiServer({ backend, middleware: [requestLog], abortStreamOnError: ['pin/add'] })
 * const addresses = await server.listen(['/ip4/127.0.0.1/tcp/5001', { address: '/unix/run/ipfs.sock', mode: 0o600 }])
 * const res = await server.inject({ path: '/api/v0/id' })
 * await server.close()
 * ```
 */
export function ipfsApiServer (init: IpfsApiServerInit): IpfsApiServer {
  return createIpfsApiServer(init)
}

export { ADMIN_COMMANDS, adminCommandOf } from './admin-commands.ts'
export type { AdminCommand } from './admin-commands.ts'
export type { InjectRequest, InjectResponse, IpfsApiServer, IpfsApiServerInit, ListenAddress, ListenOptions, TlsOptions } from './types.ts'
