import { encodeMultipart } from '@composite-ipfs/rpc-client'
import { requireIpfs } from './delegate.ts'
import { submitPin, waitPinned } from './pin-add.ts'
import { addQuery } from './query.ts'
import type { ClusterContext } from './context.ts'
import type { AddedOutput, ClusterPin } from './rest-types.ts'
import type { AddEvent, AddOptions, FileEntry } from '@composite-ipfs/interface'

/**
 * add: the multipart upload is re-encoded and streamed into `POST /add` on the REST API; its
 * `{name,cid,bytes,size}` lines stream back as Kubo's `{"Name","Hash","Size"}` and
 * `{"Name","Bytes"}`. Differences handled here (checked on a live v1.1.6 cluster):
 * - progress lines carry `name: ""`: the name of the file being read is restored;
 * - an unnamed file comes back as `name: ""`: Kubo names it by its CID (the wrapper stays `""`);
 * - the cluster pins only the last root: other top-level entries are pinned here, as Kubo pins each;
 * - there is no `only-hash`: it is delegated to the `ipfs` backend (a Kubo hashes without storing).
 * Like pin/add, the stream ends only once the roots are pinned by the wait policy.
 */
export async function * add (ctx: ClusterContext, entries: AsyncIterable<FileEntry>, options: AddOptions = {}): AsyncGenerator<AddEvent, void, undefined> {
  if (options.onlyHash === true) {
    yield * requireIpfs(ctx, 'add', 'add --only-hash')(entries, options)
    return
  }
  // the pins the cluster makes for this add record where the request has been (loop detection)
  const query = { ...addQuery(ctx.defaults, options), ...ctx.loop?.metadata('add', options) }
  const wrap = options.wrapWithDirectory === true
  const files: string[] = []
  // part headers and small files ready together go out as one write (see connector-kubo's upload)
  const { contentType, body } = encodeMultipart(noteFiles(entries, files), { batchBytes: 64 * 1024 })
  const lines = await ctx.rest.stream<AddedOutput>('POST', '/add', {
    query, headers: { 'content-type': contentType }, body, idempotent: false, signal: options.signal
  })
  const roots: string[] = []
  for await (const out of lines) {
    if (out.cid == null) {
      if (options.progress === true) yield progressEvent(out.name !== '' ? out.name : files[0] ?? '', out.bytes)
      continue
    }
    finishFile(files, out.name)
    if (!out.name.includes('/')) roots.push(out.cid)
    const name = out.name === '' && !wrap ? out.cid : out.name
    yield { Name: name, Hash: out.cid, Size: String(out.size ?? 0) }
  }
  if (options.pin === false) return
  await pinRoots(ctx, wrap ? roots.slice(-1) : roots, options)
}

/** Pins the top-level roots the cluster left unpinned, then waits for all of them */
async function pinRoots (ctx: ClusterContext, roots: string[], options: AddOptions): Promise<void> {
  const last = roots.at(-1)
  if (last === undefined) return
  const submit = (cid: string) => async (): Promise<ClusterPin> =>
    await submitPin(ctx, cid, { name: options.pinName, signal: options.signal, trail: ctx.loop?.trail(`pin ${cid}`, options) })
  const pins: ClusterPin[] = []
  for (const cid of roots.slice(0, -1)) pins.push(await submit(cid)())
  if (ctx.wait.policy === 'accepted') return
  const pinned = await ctx.rest.json<ClusterPin>('GET', `/allocations/${encodeURIComponent(last)}`, { signal: options.signal })
  if (pinned !== undefined) pins.push(pinned)
  for (const pin of pins) {
    for await (const _ of waitPinned(ctx, pin, options.signal, submit(pin.cid))) { /* add has no pin progress line */ }
  }
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
