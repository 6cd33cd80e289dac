import { isNotInPinset } from './errors.ts'
import type { ClusterContext } from './context.ts'
import type { ClusterPin } from './rest-types.ts'

/** The undercluster's pin of `cid` from its shared pinset (`GET /allocations/<cid>`), or `undefined` */
export async function readPin (ctx: Pick<ClusterContext, 'rest'>, cid: string, signal?: AbortSignal): Promise<ClusterPin | undefined> {
  try {
    return await ctx.rest.json<ClusterPin>('GET', `/allocations/${encodeURIComponent(cid)}`, { signal })
  } catch (err) {
    if (isNotInPinset(err)) return undefined
    throw err
  }
}
