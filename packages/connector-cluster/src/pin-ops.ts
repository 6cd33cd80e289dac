import { CommandError } from '@composite-ipfs/interface'
import { notPinnedOrIndirect } from './errors.ts'
import { readOwnership } from './owners/claim-record.ts'
import { claimRequest } from './owners/claim-request.ts'
import { REGISTRY_CID } from './capacity/registry.ts'
import { claimAndWait } from './pin-add.ts'
import { resolveCid } from './resolve.ts'
import type { ClusterContext } from './context.ts'
import { readPin } from './read-pin.ts'
import type { PinRmOptions, PinsResult, PinUpdateOptions } from '@composite-ipfs/interface'

/**
 * pin/rm: removes this node's claim from each pin, and only that: while other composite nodes
 * (or the undercluster itself) hold the pin, it stays; once the last owner left, it expires
 * after the grace period. A CID this node holds no claim on answers Kubo's exact
 * `not pinned or pinned indirectly` (ipfs-cluster compares it by equality, and counts it as
 * unpinned). With `recursive=false` a recursive pin is refused, as Kubo does.
 */
export async function pinRm (ctx: ClusterContext, paths: string[], options: PinRmOptions = {}): Promise<PinsResult> {
  const removed: string[] = []
  for (const path of paths) {
    const cid = await resolveCid(ctx, path, options)
    if (cid === REGISTRY_CID) throw notPinnedOrIndirect()
    if (options.recursive === false) {
      const claim = readOwnership((await readPin(ctx, cid, options.signal))?.metadata).owners.get(ctx.nodeId)
      if (claim !== undefined && claim.d !== 1) throw new CommandError(`${cid} is pinned recursively`)
    }
    if (!await ctx.claims.release(cid, options.signal)) throw notPinnedOrIndirect()
    removed.push(cid)
  }
  return { Pins: removed }
}

/**
 * pin/update: `from` must be this node's recursive pin (Kubo's rule). `to` is claimed like a
 * pin/add, preferring the peers that hold `from` (ipfs-cluster's own `pin-update` would copy
 * `from`'s whole pin, the claims of other nodes on it included, over `to`'s), waited for, then
 * `from` is released unless `unpin=false`.
 */
export async function pinUpdate (ctx: ClusterContext, from: string, to: string, options: PinUpdateOptions = {}): Promise<PinsResult> {
  const fromCid = await resolveCid(ctx, from, options)
  const toCid = await resolveCid(ctx, to, options)
  const fromPin = await readPin(ctx, fromCid, options.signal)
  const claim = readOwnership(fromPin?.metadata).owners.get(ctx.nodeId)
  // Kubo's text (boxo dspinner `Update`)
  if (fromPin === undefined || claim === undefined || claim.d === 1) throw new CommandError("'from' cid was not recursively pinned already")
  const trail = ctx.loop?.trail(`pin ${toCid}`, options)
  const allocations = fromPin.allocations != null && fromPin.allocations.length > 0 ? fromPin.allocations : undefined
  const request = await claimRequest(ctx, toCid, { trail, allocations, signal: options.signal })
  // the new pin keeps the names this node gave the old one
  if (claim.n !== undefined) request.record.n = claim.n
  if (claim.k !== undefined) request.record.k = claim.k
  await claimAndWait(ctx, toCid, request, options.signal)
  if (options.unpin !== false && fromCid !== toCid) await ctx.claims.release(fromCid, options.signal)
  return { Pins: [fromCid, toCid] }
}
