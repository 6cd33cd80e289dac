import { hopCallOptions } from '@composite-ipfs/interface'
import type { CallOptions, RequestContext } from '@composite-ipfs/interface'

/** @see {@link loopCallOptions} in index.ts */
export function callOptionsOf (ctx: Pick<RequestContext, 'state'>): Pick<CallOptions, 'via' | 'hops'> {
  return hopCallOptions(ctx.state)
}
