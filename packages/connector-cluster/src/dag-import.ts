import { LoopDetectedError } from '@composite-ipfs/interface'
import { claimRoot } from './add-roots.ts'
import { withCarRoots } from './car-roots.ts'
import { requireIpfs } from './delegate.ts'
import type { ClusterContext } from './context.ts'
import type { CallOptions, DagImportEvent, DagImportOptions, FileEntry } from '@composite-ipfs/interface'

/**
 * dag/import: the CARs go to a Kubo of the undercluster with `pin-roots=false`, so that no pin is
 * made on that Kubo behind the cluster's back; the roots of their headers are read as the bytes
 * pass, and each is then claimed in the cluster (as a pin/add: waited for by the wait policy).
 * The answer is Kubo's: one `Root` line per root, with the pin's error in `PinErrorMsg`, then the
 * `Stats` line. A root whose block is not on that Kubo after the import fails as on Kubo,
 * without a cluster pin.
 */
export async function * dagImport (ctx: ClusterContext, cars: AsyncIterable<FileEntry>, options: DagImportOptions = {}): AsyncGenerator<DagImportEvent, void, undefined> {
  const importCars = requireIpfs(ctx, 'dagImport', 'dag/import')
  if (options.pinRoots === false || options.localOnly === true) {
    yield * importCars(cars, options)
    return
  }
  await ctx.loop?.refuseInception('dag/import (pin-roots)')
  // refused here, before any upload, when the request went through too many composite nodes
  ctx.loop?.trail('dag/import', options)
  const roots = new Set<string>()
  let stats: DagImportEvent | undefined
  for await (const event of importCars(withCarRoots(cars, roots), { ...options, pinRoots: false })) {
    // with pin-roots=false Kubo answers only the stats, which come after the roots
    if (event.Stats !== undefined) stats = event
  }
  for (const root of roots) {
    yield { Root: { Cid: { '/': root }, PinErrorMsg: await pinRoot(ctx, root, options) } }
  }
  if (stats !== undefined) yield stats
}

/** Claims one root and waits for it; `''`, or why it failed (Kubo goes on with the next root) */
async function pinRoot (ctx: ClusterContext, cid: string, options: CallOptions): Promise<string> {
  try {
    // Kubo pins a root only when its block was imported: it never fetches a missing one
    await requireIpfs(ctx, 'blockStat', 'block/stat')(cid, { offline: true, signal: options.signal } as CallOptions)
    await claimRoot(ctx, cid, options)
    return ''
  } catch (err) {
    if (options.signal?.aborted === true || err instanceof LoopDetectedError) throw err
    return (err as Error).message
  }
}
