import { LoopDetectedError } from '@composite-ipfs/interface'
import { DEFAULT_MAX_DEPTH, HOPS_STATE_KEY, VIA_STATE_KEY } from './constants.ts'
import { readHopTrail } from './hop-headers.ts'
import { assertNodeId } from './node-id.ts'
import type { LoopGuardInit } from './init.ts'
import type { Middleware } from '@composite-ipfs/interface'

/** @see {@link loopGuard} in index.ts */
export function createLoopGuard (init: LoopGuardInit): Middleware {
  const nodeId = assertNodeId(init.nodeId)
  const maxDepth = init.maxDepth ?? DEFAULT_MAX_DEPTH
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new RangeError('loopGuard: maxDepth must be an integer of at least 1')
  }

  // the chain of a first hop (most requests), shared: it is frozen
  const alone = Object.freeze([nodeId])

  return async function loopGuard (ctx, next) {
    const { via, hops } = readHopTrail(ctx.req.headers)
    const forwarded = via.length === 0 ? alone : Object.freeze([...via, nodeId])
    if (via.includes(nodeId)) {
      throw new LoopDetectedError(`composition loop detected: request already went through ${nodeId} (chain: ${forwarded.join(' -> ')})`)
    }
    if (hops >= maxDepth) {
      throw new LoopDetectedError(`composition loop detected: request already went through ${hops} composite nodes, maxDepth ${maxDepth} at ${nodeId} (chain: ${forwarded.join(' -> ')})`)
    }
    ctx.state.set(VIA_STATE_KEY, forwarded)
    ctx.state.set(HOPS_STATE_KEY, hops + 1)
    await next()
  }
}
