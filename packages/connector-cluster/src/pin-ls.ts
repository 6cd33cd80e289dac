import { CommandError } from '@composite-ipfs/interface'
import { isNotInPinset, pathNotPinned } from './errors.ts'
import { resolveCid } from './pin-ops.ts'
import type { ClusterContext } from './context.ts'
import type { ClusterPin, GlobalPinInfo } from './rest-types.ts'
import type { PinLsEntry, PinLsOptions } from '@composite-ipfs/interface'

const TYPES = new Set(['all', 'recursive', 'direct', 'indirect'])
/** CIDs per `GET /pins?cids=` status batch (keeps the URL short) */
const STATUS_BATCH = 64
/**
 * Lines of `GET /allocations` that may be direct pins. A JSON string cannot hold this text
 * unescaped and metadata values are strings, so a line without it is not direct and need not
 * be parsed (most of a big pinset, read while the cluster builds its pinned list).
 */
const MAYBE_DIRECT = /"max_depth":\s*0\s*[,}]/

/**
 * pin/ls, faithful to what the undercluster's Kubos really hold: a pin is listed when at least
 * one cluster peer reports it `pinned`; its type is the pin's depth in the shared state
 * (`max_depth` 0 is direct). Indirect pins are not tracked by a cluster: `type=indirect` is empty.
 * With `pinLs: 'pinset'` a list without arguments is the shared pinset instead (`pinsetEntry`).
 */
export async function * pinLs (ctx: ClusterContext, paths: string[], options: PinLsOptions = {}): AsyncGenerator<PinLsEntry, void, undefined> {
  const type = options.type ?? 'all'
  if (!TYPES.has(type)) throw new CommandError(`invalid type '${type}', must be one of {direct, indirect, recursive, all}`)
  const names = options.names === true || options.name !== undefined
  const present = (entry: PinLsEntry): PinLsEntry | undefined => {
    if (options.name !== undefined && !(entry.Name ?? '').includes(options.name)) return undefined
    return names && entry.Name !== undefined && entry.Name !== '' ? entry : { Cid: entry.Cid, Type: entry.Type }
  }
  if (paths.length === 0 && ctx.pinLs === 'pinset') {
    // inline rather than one more generator: a big pinset streams through here line by line
    if (type === 'indirect') return
    for await (const pin of await ctx.rest.stream<ClusterPin>('GET', '/allocations', { query: { filter: 'pin' }, signal: options.signal }, parsePinsetLine)) {
      const entry = pinsetEntry(pin, type)
      const shown = entry === undefined ? undefined : present(entry)
      if (shown !== undefined) yield shown
    }
    return
  }
  const source = paths.length > 0 ? listArgs(ctx, paths, type, options) : listAll(ctx, type, options)
  for await (const entry of source) {
    const shown = present(entry)
    if (shown !== undefined) yield shown
  }
}

/** With arguments: `GET /allocations/{cid}` (the type) and `GET /pins/{cid}` (the real status) */
async function * listArgs (ctx: ClusterContext, paths: string[], type: string, options: PinLsOptions): AsyncGenerator<PinLsEntry> {
  for (const arg of paths) {
    const cid = await resolveCid(ctx, arg, options)
    const [pin, info] = await Promise.all([
      ctx.rest.json<ClusterPin>('GET', `/allocations/${encodeURIComponent(cid)}`, { signal: options.signal }).catch((err: unknown) => {
        if (isNotInPinset(err)) return undefined
        throw err
      }),
      ctx.rest.json<GlobalPinInfo>('GET', `/pins/${encodeURIComponent(cid)}`, { signal: options.signal })
    ])
    const pinType = pin?.max_depth === 0 ? 'direct' : 'recursive'
    if (pin === undefined || info === undefined || !anyPinned(info) || (type !== 'all' && type !== pinType)) {
      throw pathNotPinned(arg)
    }
    yield { Cid: cid, Type: pinType, Name: pin.name }
  }
}

/**
 * Without arguments. `GET /pins?filter=pinned` gives the real status but no type, and the
 * cluster's list misses direct pins (its tracker lists only `type=recursive` Kubo pins, so a
 * pinned direct pin shows as `unexpectedly_unpinned`). So: collect the direct CIDs of the
 * shared pinset (`GET /allocations`, usually few), stream the pinned list as recursive pins,
 * then check the direct CIDs in batches (`GET /pins?cids=`, the per-CID status is right).
 * Memory stays flat except for the direct CIDs.
 */
async function * listAll (ctx: ClusterContext, type: string, options: PinLsOptions): AsyncGenerator<PinLsEntry> {
  if (type === 'indirect') return
  const cancel = new AbortController()
  const signal = options.signal === undefined ? cancel.signal : AbortSignal.any([options.signal, cancel.signal])
  // open the pinned list now: the cluster gathers it from every peer while we read the pinset
  const pinned = type === 'direct' ? undefined : ctx.rest.stream<GlobalPinInfo>('GET', '/pins', { query: { filter: 'pinned' }, signal })
  pinned?.catch(() => {})
  try {
    const direct = new Map<string, string>()
    const parse = (line: string): ClusterPin | undefined => MAYBE_DIRECT.test(line) ? JSON.parse(line) as ClusterPin : undefined
    for await (const pin of await ctx.rest.stream<ClusterPin | undefined>('GET', '/allocations', { query: { filter: 'pin' }, signal }, parse)) {
      if (pin?.max_depth === 0) direct.set(pin.cid, pin.name ?? '')
    }
    if (pinned !== undefined) {
      for await (const info of await pinned) {
        if (!direct.has(info.cid)) {
          yield { Cid: info.cid, Type: 'recursive', Name: info.name }
        } else if (anyPinned(info)) {
          // a fixed cluster would list direct pins here too: report them once
          direct.delete(info.cid)
          if (type === 'all') yield { Cid: info.cid, Type: 'direct', Name: info.name }
        }
      }
    }
    if (type === 'recursive') return
    yield * checkDirect(ctx, [...direct.keys()], signal)
  } finally {
    cancel.abort()
  }
}

/**
 * Without arguments, `pinLs: 'pinset'`: the shared pinset as the cluster streams it
 * (`GET /allocations?filter=pin`, one line per pin as it reads its state), like ipfs-cluster's
 * proxy. The type is the pin's mode (`direct` for `max_depth` 0). Nothing is kept in memory.
 */
function pinsetEntry (pin: ClusterPin, type: string): PinLsEntry | undefined {
  const pinType = isDirect(pin) ? 'direct' : 'recursive'
  return type === 'all' || type === pinType ? { Cid: pin.cid, Type: pinType, Name: pin.name } : undefined
}

/** The start of a Pin as ipfs-cluster v1.1.6 writes it: its PinOptions first, an unescaped name, the mode */
const PIN_HEAD = /^\{"replication_factor_min":-?\d+,"replication_factor_max":-?\d+,"name":"([^"\\]*)","mode":"(recursive|direct)",/
const CID_KEY = '"cid":"'

/**
 * Reads the `cid`, `name` and `mode` of a `GET /allocations` line without parsing it whole
 * (that parse was most of the time of a big pinset listing, for fields never read). Only for a
 * line laid out as ipfs-cluster v1.1.6 writes a Pin (PinOptions, then `cid` followed by `type`)
 * with a name that has no escapes: the last unescaped `"cid":"` of such a line is the Pin's own
 * (metadata keys come before it, and no later field has user keys). Anything else is parsed whole.
 */
export function parsePinsetLine (line: string): ClusterPin {
  const head = PIN_HEAD.exec(line)
  if (head !== null) {
    const at = line.lastIndexOf(CID_KEY)
    const end = at === -1 ? -1 : line.indexOf('"', at + CID_KEY.length)
    if (end !== -1 && line.startsWith('","type":', end)) {
      const cid = line.slice(at + CID_KEY.length, end)
      if (!cid.includes('\\')) return { cid, name: head[1], mode: head[2] }
    }
  }
  return JSON.parse(line) as ClusterPin
}

/** The mode as the cluster reports it (derived from `max_depth` when it reads its state) */
function isDirect (pin: ClusterPin): boolean {
  return pin.mode === undefined ? pin.max_depth === 0 : pin.mode === 'direct'
}

async function * checkDirect (ctx: ClusterContext, cids: string[], signal: AbortSignal): AsyncGenerator<PinLsEntry> {
  for (let i = 0; i < cids.length; i += STATUS_BATCH) {
    const batch = cids.slice(i, i + STATUS_BATCH)
    for await (const info of await ctx.rest.stream<GlobalPinInfo>('GET', '/pins', { query: { cids: batch.join(',') }, signal })) {
      if (anyPinned(info)) yield { Cid: info.cid, Type: 'direct', Name: info.name }
    }
  }
}

function anyPinned (info: GlobalPinInfo): boolean {
  return Object.values(info.peer_map ?? {}).some(s => s.status === 'pinned')
}
