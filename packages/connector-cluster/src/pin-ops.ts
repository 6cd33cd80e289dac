import { CommandError, NotSupportedError } from '@composite-ipfs/interface'
import { isNotInPinset, notPinnedOrIndirect } from './errors.ts'
import { pinsUrl, pinTarget } from './paths.ts'
import { submitPin, waitPinned } from './pin-add.ts'
import type { ClusterContext } from './context.ts'
import type { ClusterPin } from './rest-types.ts'
import type { CallOptions, PinRmOptions, PinsResult, PinUpdateOptions } from '@composite-ipfs/interface'

/**
 * pin/rm: `DELETE /pins/...` per path. A CID the undercluster does not hold answers Kubo's
 * exact `not pinned or pinned indirectly` (ipfs-cluster compares it by equality). With
 * `recursive=false` a recursive pin is refused, as Kubo does.
 */
export async function pinRm (ctx: ClusterContext, paths: string[], options: PinRmOptions = {}): Promise<PinsResult> {
  const removed: string[] = []
  for (const path of paths) {
    const target = pinTarget(path)
    try {
      if (options.recursive === false && target.cid !== undefined) {
        const pin = await ctx.rest.json<ClusterPin>('GET', `/allocations/${encodeURIComponent(target.cid)}`, { signal: options.signal })
        if (pin !== undefined && pin.max_depth !== 0) throw new CommandError(`${target.cid} is pinned recursively`)
      }
      const pin = await ctx.rest.json<ClusterPin>('DELETE', pinsUrl(target), { idempotent: true, signal: options.signal })
      removed.push(pin?.cid ?? target.cid ?? path)
    } catch (err) {
      if (isNotInPinset(err)) throw notPinnedOrIndirect(err)
      throw err
    }
  }
  return { Pins: removed }
}

/**
 * pin/update: `POST /pins/{to}?pin-update={from}` (the undercluster copies `from`'s options
 * and allocations), wait like pin/add, then `DELETE /pins/{from}` unless `unpin=false`.
 */
export async function pinUpdate (ctx: ClusterContext, from: string, to: string, options: PinUpdateOptions = {}): Promise<PinsResult> {
  const fromCid = await resolveCid(ctx, from, options)
  const submit = async (): Promise<ClusterPin> => {
    try {
      return await submitPin(ctx, to, { from: fromCid, signal: options.signal, trail: ctx.loop?.trail(`pin ${to}`, options) })
    } catch (err) {
      // Kubo's text (boxo dspinner `Update`); the cluster says `pin is not part of the pinset`
      if (isNotInPinset(err)) throw new CommandError("'from' cid was not recursively pinned already", { cause: err })
      throw err
    }
  }
  const pin = await submit()
  for await (const _ of waitPinned(ctx, pin, options.signal, submit)) { /* no progress channel on pin/update */ }
  if (options.unpin !== false && fromCid !== pin.cid) {
    try {
      await ctx.rest.json('DELETE', `/pins/${encodeURIComponent(fromCid)}`, { idempotent: true, signal: options.signal })
    } catch (err) {
      if (!isNotInPinset(err)) throw err
    }
  }
  return { Pins: [fromCid, pin.cid] }
}

/** The CID of a path: direct for `<cid>` and `/ipfs/<cid>`, else through the ipfs backend's resolve */
export async function resolveCid (ctx: ClusterContext, path: string, options: CallOptions = {}): Promise<string> {
  const target = pinTarget(path)
  if (target.cid !== undefined) return target.cid
  if (ctx.ipfs?.resolve === undefined) {
    throw new NotSupportedError(`resolving ${path} needs the ipfs endpoints of undercluster ${ctx.label} (the \`ipfs\` option)`)
  }
  const { Path } = await ctx.ipfs.resolve(path, { ...options, recursive: true })
  const cid = pinTarget(Path).cid
  if (cid === undefined) throw new CommandError(`could not resolve ${path} to a CID (got ${Path})`)
  return cid
}
