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

  return async function loopGuard (ctx, next) {
    const { via, hops } = readHopTrail(ctx.req.headers)
    const chain = [...via, nodeId].join(' -> ')
    if (via.includes(nodeId)) {
      throw new LoopDetectedError(`composition loop detected: request already went through ${nodeId} (chain: ${chain})`)
    }
    if (hops >= maxDepth) {
      throw new LoopDetectedError(`composition loop detected: request already went through ${hops} composite nodes, maxDepth ${maxDepth} at ${nodeId} (chain: ${chain})`)
    }
    ctx.state.set(VIA_STATE_KEY, Object.freeze([...via, nodeId]))
    ctx.state.set(HOPS_STATE_KEY, hops + 1)
    await next()
  }
}
