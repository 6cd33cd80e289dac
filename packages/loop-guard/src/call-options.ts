import { HOPS_STATE_KEY, VIA_STATE_KEY } from './constants.ts'
import type { CallOptions, RequestContext } from '@composite-ipfs/interface'

/** @see {@link loopCallOptions} in index.ts */
export function callOptionsOf (ctx: Pick<RequestContext, 'state'>): Pick<CallOptions, 'via' | 'hops'> {
  const via = ctx.state.get(VIA_STATE_KEY)
  const hops = ctx.state.get(HOPS_STATE_KEY)
  return {
    ...(Array.isArray(via) ? { via: via as readonly string[] } : {}),
    ...(typeof hops === 'number' ? { hops } : {})
  }
}
