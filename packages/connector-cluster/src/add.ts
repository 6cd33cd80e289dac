import { encodeMultipart } from '@composite-ipfs/rpc-client'
import { AddedRoots, pinRoots } from './add-roots.ts'
import { addsThroughKubo, addThroughKubo } from './kubo-add.ts'
import { addQuery, replicationQuery } from './query.ts'
import type { ClusterContext } from './context.ts'
import type { AddedOutput } from './rest-types.ts'
import type { AddEvent, AddOptions, FileEntry } from '@composite-ipfs/interface'
import { restCallOf } from './rest-client.ts'

/**
 * add. With an `ipfs` backend, `pin=false`, `only-hash` and Kubo-only options go to a Kubo of the
 * undercluster (`addsThroughKubo`). Otherwise the multipart upload is re-encoded and streamed
 * into `POST /add` on the REST API; its `{name,cid,bytes,size}` lines stream back as Kubo's
 * `{"Name","Hash","Size"}` and `{"Name","Bytes"}`. Differences handled here (checked on a live
 * v1.1.6 cluster):
 * - progress lines carry the base name of the file (or `""`): the full path of the file being
 *   read is restored, as Kubo gives it;
 * - an unnamed file comes back as `name: ""`: Kubo names it by its CID (the wrapper stays `""`);
 * - the cluster's own pin of the root would replace the claims other composite nodes hold on
 *   the same CID (it writes a fresh pin): the upload is sent with `no-pin`, and every top-level
 *   root is claimed by this node afterwards (as Kubo pins each), preferring the peers the cluster
 *   put the blocks on;
 * - there is no `only-hash`: it is delegated to the `ipfs` backend (a Kubo hashes without storing).
 * Like pin/add, the stream ends only once the roots are pinned by the wait policy.
 */
export async function * add (ctx: ClusterContext, entries: AsyncIterable<FileEntry>, options: AddOptions = {}): AsyncGenerator<AddEvent, void, undefined> {
  if (addsThroughKubo(ctx, options)) {
    yield * addThroughKubo(ctx, entries, options)
    return
  }
  // refused here, before any upload, when the request went through too many composite nodes
  ctx.loop?.trail('add', options)
  // the replication this node will claim with also decides where the cluster puts the blocks
  const query = { ...addQuery(options), 'no-pin': 'true', ...replicationQuery(ctx.defaults.replicationMin, ctx.defaults.replicationMax) }
  const wrap = options.wrapWithDirectory === true
  const roots = new AddedRoots(wrap)
  const files: string[] = []
  // part headers and small files ready together go out as one write (see connector-kubo's upload)
  const { contentType, body } = encodeMultipart(noteFiles(entries, files), { batchBytes: 64 * 1024 })
  const lines = await ctx.rest.stream<AddedOutput>('POST', '/add', {
    query, headers: { 'content-type': contentType }, body, idempotent: false, ...restCallOf(options)
  })
  let allocations: string[] | undefined
  for await (const out of lines) {
    if (out.cid == null) {
      if (options.progress === true) yield progressEvent(readingName(files, out.name), out.bytes)
      continue
    }
    finishFile(files, out.name)
    if (out.allocations != null && out.allocations.length > 0) allocations = out.allocations
    roots.note(out.name, out.cid)
    const name = out.name === '' && !wrap ? out.cid : out.name
    yield { Name: name, Hash: out.cid, Size: String(out.size ?? 0) }
  }
  if (options.pin === false) return
  await pinRoots(ctx, roots.list(), allocations, options)
}

/**
 * The name of a progress line: the full path of the file being read (the first one not yet
 * finished), which the cluster cuts to its base name; the cluster's own name when they disagree.
 */
function readingName (files: string[], name: string): string {
  const reading = files[0]
  if (reading === undefined) return name
  return name === '' || reading === name || reading.endsWith(`/${name}`) ? reading : name
}

function progressEvent (name: string, bytes: number | undefined): AddEvent {
  // Kubo omits a zero `Bytes` (omitempty)
  return bytes === undefined || bytes === 0 ? { Name: name } : { Name: name, Bytes: bytes }
}

/** Records the path of every file as it is encoded: the cluster reads them in this order */
async function * noteFiles (entries: AsyncIterable<FileEntry>, files: string[]): AsyncGenerator<FileEntry> {
  for await (const entry of entries) {
    if (entry.type === 'file') files.push(entry.path)
    yield entry
  }
}

/** Drops a finished file (and any before it) from the queue of files being read */
function finishFile (files: string[], name: string): void {
  const index = files.indexOf(name)
  if (index !== -1) files.splice(0, index + 1)
}
