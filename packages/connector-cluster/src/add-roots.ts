import { claimRequest } from './owners/claim-request.ts'
import { claimAndWait } from './pin-add.ts'
import type { ClusterContext } from './context.ts'
import type { AddOptions } from '@composite-ipfs/interface'

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
 * Claims every root of an add for this node, then waits for all of them (the wait polls are
 * shared). `allocations` are the peers the cluster already put the blocks on, when it did.
 */
export async function pinRoots (ctx: ClusterContext, roots: string[], allocations: string[] | undefined, options: AddOptions): Promise<void> {
  await Promise.all(roots.map(async (cid) => {
    const request = await claimRequest(ctx, cid, { name: options.pinName, trail: ctx.loop?.trail(`pin ${cid}`, options), allocations, signal: options.signal })
    await claimAndWait(ctx, cid, request, options.signal)
  }))
}
