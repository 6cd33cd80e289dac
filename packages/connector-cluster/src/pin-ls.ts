import { CommandError } from '@composite-ipfs/interface'
import { REGISTRY_CID } from './capacity/registry.ts'
import { pathNotPinned } from './errors.ts'
import { IndirectPins, indirectThrough } from './indirect.ts'
import { readOwnership } from './owners/claim-record.ts'
import { answeredAs, standingOf } from './owners/view.ts'
import { readPin } from './read-pin.ts'
import { resolveCid } from './resolve.ts'
import type { ClusterContext } from './context.ts'
import type { ClusterPin, GlobalPinInfo } from './rest-types.ts'
import type { PinLsEntry, PinLsOptions } from '@composite-ipfs/interface'
import { restCallOf } from './rest-client.ts'

const TYPES = new Set(['all', 'recursive', 'direct', 'indirect'])
/** CIDs per `GET /pins?cids=` status batch (keeps the URL short) */
const STATUS_BATCH = 64
/**
 * Lines of `GET /allocations` that may be direct pins. A JSON string cannot hold this text
 * unescaped and metadata values are strings, so a line without it is not direct and need not
 * be parsed (most of a big pinset, read while the cluster builds its pinned list).
 */
const MAYBE_DIRECT = /"max_depth":\s*0\s*[,}]/
/** Text of a direct claim in a claim record (`"d":1`, escaped inside the metadata value) */
const OWN_DIRECT = '\\"d\\":1'

/**
 * pin/ls, for this node (Kubo's meaning: what this daemon has pinned) and faithful to what the
 * undercluster's Kubos really hold: a pin is listed when this node answers for it (its own
 * claim; or the undercluster's own pin, with `showUnderclusterPins`; see `owners/view.ts`) and
 * at least one cluster peer reports it `pinned`. Its type and name are this node's claim's (else
 * the pin's depth in the shared state, `max_depth` 0 being direct). Indirect pins, which a cluster
 * does not track, come from the undercluster's Kubos, under this node's recursive pins
 * (`IndirectPins`), as Kubo lists them: by argument `indirect through <root>`; without one, after
 * the recursive and direct pins. With `pinLs: 'pinset'` a list without arguments is the shared
 * pinset instead (`pinsetEntry`), without indirect pins.
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
    for await (const pin of await ctx.rest.stream<ClusterPin | undefined>('GET', '/allocations', { query: { filter: 'pin' }, ...restCallOf(options) }, pinsetParser(ctx.nodeId))) {
      if (pin === undefined) continue
      const entry = pinsetEntry(ctx, pin, type)
      const shown = entry === undefined ? undefined : present(entry)
      if (shown !== undefined) yield shown
    }
    return
  }
  const source = paths.length > 0
    ? listArgs(ctx, paths, type, options)
    : type === 'indirect' || type === 'all' ? listWithIndirect(ctx, type, options) : listAll(ctx, type, options)
  for await (const entry of source) {
    const shown = present(entry)
    if (shown !== undefined) yield shown
  }
}

/**
 * With arguments: `GET /allocations/{cid}` (who holds it, its type) and `GET /pins/{cid}` (the
 * real status); for `type=all` and `type=indirect`, then the recursive pin of this node that
 * holds it, as Kubo checks (recursive, direct, then indirect; a recursive root is not indirect).
 */
async function * listArgs (ctx: ClusterContext, paths: string[], type: string, options: PinLsOptions): AsyncGenerator<PinLsEntry> {
  const indirect = new IndirectPins(ctx)
  const own = async function * (): AsyncGenerator<string> {
    for await (const entry of listAll(ctx, 'recursive', options)) yield entry.Cid
  }
  const isOwn = async (root: string): Promise<boolean> => {
    const pin = root === REGISTRY_CID ? undefined : await readPin(ctx, root, options.signal)
    return pin !== undefined && answeredFor(ctx, pin)?.type === 'recursive'
  }
  for (const arg of paths) {
    const cid = await resolveCid(ctx, arg, options)
    const [pin, info] = await Promise.all([
      readPin(ctx, cid, options.signal),
      ctx.rest.json<GlobalPinInfo>('GET', `/pins/${encodeURIComponent(cid)}`, restCallOf(options))
    ])
    const shown = pin === undefined || cid === REGISTRY_CID ? undefined : answeredFor(ctx, pin)
    if (shown !== undefined && info !== undefined && anyPinned(info) && (type === 'all' || type === shown.type)) {
      yield { Cid: cid, Type: shown.type, Name: shown.name }
      continue
    }
    const parent = type === 'all' || type === 'indirect' ? await indirect.parentOf(cid, own, isOwn, options.signal) : undefined
    if (parent === undefined) throw pathNotPinned(arg)
    yield { Cid: cid, Type: indirectThrough(parent) }
  }
}

/**
 * Without arguments, `type=all` or `type=indirect`: this node's recursive and direct pins
 * (listed for `all`), then every CID inside the recursive ones that is neither, once each (Kubo's
 * order). Like Kubo, it keeps the CIDs listed so far in memory.
 */
async function * listWithIndirect (ctx: ClusterContext, type: string, options: PinLsOptions): AsyncGenerator<PinLsEntry> {
  const seen = new Set<string>()
  const roots: string[] = []
  for await (const entry of listAll(ctx, 'all', options)) {
    seen.add(entry.Cid)
    if (entry.Type === 'recursive') roots.push(entry.Cid)
    if (type === 'all') yield entry
  }
  yield * new IndirectPins(ctx).under(roots, seen, options.signal)
}

/** How this node answers for `pin`, from its metadata; `undefined` when it does not */
function answeredFor (ctx: ClusterContext, pin: Pick<ClusterPin, 'name' | 'max_depth' | 'mode' | 'metadata'>): { type: 'direct' | 'recursive', name: string } | undefined {
  const ownership = readOwnership(pin.metadata)
  return answeredAs(standingOf(ownership, ctx.nodeId, ctx.showUnderclusterPins), pin, ownership.base)
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
  const cancel = new AbortController()
  const signal = options.signal === undefined ? cancel.signal : AbortSignal.any([options.signal, cancel.signal])
  // open the pinned list now: the cluster gathers it from every peer while we read the pinset
  const pinned = type === 'direct' ? undefined : ctx.rest.stream<GlobalPinInfo>('GET', '/pins', { query: { filter: 'pinned' }, ...restCallOf(options), signal })
  pinned?.catch(() => {})
  try {
    // pins answered as direct: the pin's own direct ones, and this node's direct claims on any pin
    const direct = new Map<string, string>()
    const parse = (line: string): ClusterPin | undefined => MAYBE_DIRECT.test(line) || line.includes(OWN_DIRECT) ? JSON.parse(line) as ClusterPin : undefined
    for await (const pin of await ctx.rest.stream<ClusterPin | undefined>('GET', '/allocations', { query: { filter: 'pin' }, ...restCallOf(options), signal }, parse)) {
      if (pin === undefined) continue
      const shown = answeredFor(ctx, pin)
      if (shown?.type === 'direct') direct.set(pin.cid, shown.name)
    }
    if (pinned !== undefined) {
      for await (const info of await pinned) {
        if (info.cid === REGISTRY_CID) continue
        if (direct.has(info.cid)) {
          // a fixed cluster would list direct pins here too: report them once
          if (type === 'all' && anyPinned(info)) yield { Cid: info.cid, Type: 'direct', Name: direct.get(info.cid) }
          if (anyPinned(info)) direct.delete(info.cid)
          continue
        }
        const shown = answeredFor(ctx, { name: info.name, metadata: info.metadata, max_depth: -1 })
        if (shown !== undefined) yield { Cid: info.cid, Type: 'recursive', Name: shown.name }
      }
    }
    if (type === 'recursive') return
    yield * checkDirect(ctx, direct, signal)
  } finally {
    cancel.abort()
  }
}

/**
 * Without arguments, `pinLs: 'pinset'`: the shared pinset as the cluster streams it
 * (`GET /allocations?filter=pin`, one line per pin as it reads its state), like ipfs-cluster's
 * proxy. The type is the pin's mode (`direct` for `max_depth` 0). Nothing is kept in memory.
 */
function pinsetEntry (ctx: ClusterContext, pin: ClusterPin, type: string): PinLsEntry | undefined {
  if (pin.cid === REGISTRY_CID) return undefined
  // a line read by the fast path has no metadata: no composite node manages that pin
  const shown = answeredFor(ctx, pin)
  if (shown === undefined) return undefined
  return type === 'all' || type === shown.type ? { Cid: pin.cid, Type: shown.type, Name: shown.name } : undefined
}

/** The start of a Pin as ipfs-cluster v1.1.6 writes it: its PinOptions first, an unescaped name, the mode */
const PIN_HEAD = /^\{"replication_factor_min":-?\d+,"replication_factor_max":-?\d+,"name":"([^"\\]*)","mode":"(recursive|direct)",/
const CID_KEY = '"cid":"'
/** Keys of pin ownership, as they start in compact JSON */
const OWNER_KEY = '"composite-owner.'
const BASE_KEY_TEXT = '"composite-base":'
const RELEASED_KEY_TEXT = '"composite-released":'

/**
 * Whether `text` occurs in `line` as the start of an object key: right after `{` or `,`. Inside
 * a string value a quote is always escaped, so `{"` and `,"` there are impossible.
 */
function hasKey (line: string, text: string): boolean {
  for (let at = line.indexOf(text); at !== -1; at = line.indexOf(text, at + 1)) {
    const before = line.charCodeAt(at - 1)
    if (before === 0x7b || before === 0x2c) return true
  }
  return false
}

/**
 * The line parser of a pinset listing through node `nodeId`: a pin this node owns, or with the
 * undercluster's own base claim, is parsed whole (its claims decide how it is listed); a pin
 * that only other nodes own, or that is expiring, is skipped unparsed (`undefined`); a pin no
 * composite node manages takes the fast path of `parsePinsetLine`. So a big shared pinset costs
 * a full parse only for the pins this node answers for.
 */
export function pinsetParser (nodeId: string): (line: string) => ClusterPin | undefined {
  const own = `${OWNER_KEY}${nodeId}":`
  return (line) => {
    if (hasKey(line, own) || hasKey(line, BASE_KEY_TEXT)) return JSON.parse(line) as ClusterPin
    if (hasKey(line, OWNER_KEY) || hasKey(line, RELEASED_KEY_TEXT)) return undefined
    return parsePinsetLine(line)
  }
}

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

async function * checkDirect (ctx: ClusterContext, direct: Map<string, string>, signal: AbortSignal): AsyncGenerator<PinLsEntry> {
  const cids = [...direct.keys()]
  for (let i = 0; i < cids.length; i += STATUS_BATCH) {
    const batch = cids.slice(i, i + STATUS_BATCH)
    for await (const info of await ctx.rest.stream<GlobalPinInfo>('GET', '/pins', { query: { cids: batch.join(',') }, signal })) {
      if (anyPinned(info)) yield { Cid: info.cid, Type: 'direct', Name: direct.get(info.cid) }
    }
  }
}

function anyPinned (info: GlobalPinInfo): boolean {
  return Object.values(info.peer_map ?? {}).some(s => s.status === 'pinned')
}
