import { requireIpfs } from './delegate.ts'
import { AddedRoots, pinRoots } from './add-roots.ts'
import type { ClusterContext } from './context.ts'
import type { AddEvent, AddOptions, FileEntry } from '@composite-ipfs/interface'

/**
 * `add` options that only Kubo's adder honours: ipfs-cluster's `/add` (v1.1.6 `AddParams`)
 * has no parameter for them, and each one changes the DAG built, or what the daemon keeps.
 * The file modes and times sent as part headers need no entry here: the cluster's adder reads them.
 */
export const KUBO_ONLY_ADD_OPTIONS = [
  'toFiles', 'inline', 'inlineLimit', 'nocopy', 'fscache', 'maxFileLinks', 'maxDirectoryLinks',
  'maxHamtFanout', 'preserveMode', 'preserveMtime', 'mode', 'mtime', 'mtimeNsecs'
] as const

/**
 * Whether an add goes to a Kubo of the undercluster (the `ipfs` backend) instead of the
 * cluster's `/add`: always for `only-hash`; with such a backend, also for `pin=false` (the
 * cluster would build the DAG with its own settings and keep nothing of value), and for an add
 * with an option only Kubo's adder honours. The result is then the CID that Kubo gives, built
 * with that Kubo's `Import` settings. A `pin=true` add of plain options keeps the cluster's
 * `/add`, which puts the blocks on the peers it allocates, unless `addVia` is `kubo` (see
 * `bench/`'s `add-paths` for the two paths).
 */
export function addsThroughKubo (ctx: ClusterContext, options: AddOptions): boolean {
  // the cluster has no only-hash: without a Kubo it is refused (`requireIpfs`), never stored
  if (options.onlyHash === true) return true
  if (ctx.ipfs?.add === undefined) return false
  if (options.pin === false || ctx.addVia === 'kubo') return true
  return KUBO_ONLY_ADD_OPTIONS.some(key => options[key] !== undefined && options[key] !== false)
}

/**
 * add through a Kubo of the undercluster, which stores the blocks without pinning them there;
 * a pinned add then claims each root in the cluster, as a pin/add does (the allocated peers
 * fetch the blocks from that Kubo), and ends once they are pinned by the wait policy. So no pin
 * is ever made on a Kubo behind the cluster's back.
 */
export async function * addThroughKubo (ctx: ClusterContext, entries: AsyncIterable<FileEntry>, options: AddOptions): AsyncGenerator<AddEvent, void, undefined> {
  const kuboAdd = requireIpfs(ctx, 'add', options.onlyHash === true ? 'add --only-hash' : 'add')
  const pin = options.pin !== false && options.onlyHash !== true
  if (!pin) {
    yield * kuboAdd(entries, options)
    return
  }
  // refused here, before any upload, when the request went through too many composite nodes
  ctx.loop?.trail('add', options)
  const roots = new AddedRoots(options.wrapWithDirectory === true)
  // `silent` would hide the roots from us: it is applied here instead. The pin name is the claim's.
  const upstream = { ...options, pin: false, pinName: undefined, silent: undefined }
  for await (const event of kuboAdd(entries, upstream)) {
    if (event.Hash !== undefined) roots.note(event.Name, event.Hash)
    if (options.silent !== true) yield event
  }
  await pinRoots(ctx, roots.list(), undefined, options)
}
