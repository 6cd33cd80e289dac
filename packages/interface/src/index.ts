/**
 * @packageDocumentation
 *
 * Contracts of composite-ipfs. A composite node is a server that speaks the Kubo RPC API
 * (`/api/v0/...`) with a pluggable {@link Backend} behind it: a Kubo daemon, or a whole
 * ipfs-cluster. This package holds only contracts: the backend interface, the command specs
 * of the Kubo wire grammar, the result types and the error classes.
 *
 * @example
 *
 * ```ts
 * import type { Backend } from '@composite-ipfs/interface'
 *
 * const hello: Backend = {
 *   name: 'hello',
 *   async id () { return { ID: '12D3KooWGC6TvWhfapngX6wvJHMYvKpDMXPb3ZnCZ6dMoaMtimQ5', Addresses: [] } },
 *   async version () { return { Version: '0.42.0' } }
 * }
 * ```
 */

export * from './errors.ts'
export { componentLogger, silentLogger } from './logger.ts'
export type { LogFn, Logger } from './logger.ts'
export * from './errors-backend.ts'
export { raceSignal } from './race-signal.ts'
export { parseApiMultiaddr } from './api-multiaddr.ts'
export { jsonLine, sortKeys, toJson } from './wire/go-json.ts'
export { coversCommand } from './wire/command-path.ts'
export { isHostilePath } from './wire/hostile-path.ts'
export { redactUrl } from './wire/redact.ts'
export { basicAuthorization, canonicalHeaderName, REQUEST_ID_HEADER, REQUEST_ID_PATTERN } from './wire/headers.ts'
export { COMPOSITE_HOPS_HEADER, COMPOSITE_VIA_HEADER, HOPS_STATE_KEY, hopCallOptions, hopHeaders, NODE_ID_PATTERN, VIA_STATE_KEY } from './wire/hop-trail.ts'
export type { ApiAddress } from './api-multiaddr.ts'
export * from './commands/index.ts'
export type * from './backend.ts'
export type * from './command-options.ts'
export type * from './files.ts'
export type * from './middleware.ts'
export type * from './options.ts'
export type * from './raw.ts'
export type * from './results.ts'
