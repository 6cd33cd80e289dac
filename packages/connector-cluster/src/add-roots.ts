import { claimRequest } from './owners/claim-request.ts'
import { claimAndWait } from './pin-add.ts'
import type { ClusterContext } from './context.ts'
import type { CallOptions } from '@composite-ipfs/interface'

/**
 * The roots an add pins, as Kubo pins them: each top-level entry (a name without `/`; an unnamed
 * file is named by its CID, the wrapper by `''`), or only the wrapper with `wrap-with-directory`.
 */
export class AddedRoots {
  private readonly roots: string[] = []

  constructor (private readonly wrap: boolean) {}

  /** Notes one `{Name, Hash}` line of the add's output */
  note (name: string, cid: string): void {
    if (!name.includes('/')) this.roots.push(cid)
  }

  list (): string[] {
    return this.wrap ? this.roots.slice(-1) : this.roots
  }
}

/**
 * Claims one root of a write (add, block/put, dag/put, dag/import) for this node, as a pin/add
 * does, and waits for it by the wait policy. `allocations` are the peers the cluster already put
 * the blocks on, when it did; `name` is the pin name the client asked for.
 */
export async function claimRoot (ctx: ClusterContext, cid: string, options: CallOptions, extra: { name?: string, allocations?: string[] } = {}): Promise<void> {
  const trail = ctx.loop?.trail(`pin ${cid}`, options)
  await claimAndWait(ctx, cid, await claimRequest(ctx, cid, { ...extra, trail, signal: options.signal }), options.signal)
}

/** Claims every root of an add, then waits for all of them (the wait polls are shared) */
export async function pinRoots (ctx: ClusterContext, roots: string[], allocations: string[] | undefined, options: CallOptions & { pinName?: string }): Promise<void> {
  await Promise.all(roots.map(async (cid) => { await claimRoot(ctx, cid, options, { name: options.pinName, allocations }) }))
}
