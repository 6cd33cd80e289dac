/**
 * @packageDocumentation
 *
 * Loop protection between composite nodes that call each other directly. Every request a
 * composite node forwards carries the chain of composite-node IDs it went through
 * (`X-Composite-Via: a, b`) and its hop count (`X-Composite-Hops: 2`). `loopGuard` refuses,
 * with 508 and a message naming the loop, a request whose chain already holds this node, or
 * that made `maxDepth` hops; otherwise it records the chain and count to forward (this node
 * included) in `ctx.state`, where the server picks them up as the backend's `CallOptions`
 * (`via`, `hops`), and `@composite-ipfs/rpc-client` writes them back as headers.
 *
 * @example
 *
 * ```ts
 * import { loopGuard, persistentNodeId } from '@composite-ipfs/loop-guard'
 * import { ipfsApiServer } from '@composite-ipfs/server'
 *
 * const nodeId = await persistentNodeId('/var/lib/composite-ipfs/node-id')
 * // the server hands the trail to every backend call by itself
 * const server = ipfsApiServer({ backend, middleware: [loopGuard({ nodeId })] })
 * ```
 */

import { callOptionsOf } from './call-options.ts'
import { createLoopGuard } from './loop-guard.ts'
import type { LoopGuardInit } from './init.ts'
import type { CallOptions, Middleware, RequestContext } from '@composite-ipfs/interface'

/**
 * Creates the loop-protection middleware of one composite node. Put it after `apiAuth` and the
 * header policy (a refused caller learns nothing about the composition), before the core.
 * Malformed hop headers are refused with 400.
 *
 * @example
 * ```ts
 * const guard = loopGuard({ nodeId: 'gateway-eu', maxDepth: 4 })
 * // a request with `X-Composite-Via: pinning-1, gateway-eu` now fails with 508:
 * // composition loop detected: request already went through gateway-eu (chain: pinning-1 -> gateway-eu -> gateway-eu)
 * ```
 */
export function loopGuard (init: LoopGuardInit): Middleware {
  return createLoopGuard(init)
}

/**
 * The `via` and `hops` a request's backend calls must forward, as recorded by `loopGuard`
 * (`ctx.state.get('composite:via')`, `ctx.state.get('composite:hops')`); `{}` without it.
 * The server adds them to every call by itself; this is for hosts that make calls of their own.
 *
 * @example
 * ```ts
 * await backend.pinLs([], { ...loopCallOptions(ctx), signal: ctx.signal })
 * ```
 */
export function loopCallOptions (ctx: Pick<RequestContext, 'state'>): Pick<CallOptions, 'via' | 'hops'> {
  return callOptionsOf(ctx)
}

export { nodeIdFor, persistentNodeId } from './node-id.ts'

export { readHopTrail } from './hop-headers.ts'
export { hopHeaders } from '@composite-ipfs/interface'
export type { HopTrail } from './hop-headers.ts'
export { COMPOSITE_HOPS_HEADER, COMPOSITE_VIA_HEADER, DEFAULT_MAX_DEPTH, HOPS_STATE_KEY, NODE_ID_PATTERN, VIA_STATE_KEY } from './constants.ts'
export { InvalidNodeIdError } from './errors.ts'
export type { LoopGuardInit } from './init.ts'
