import { CommandError } from '@composite-ipfs/interface'
import type { ClusterContext } from './context.ts'
import type { PinLsEntry } from '@composite-ipfs/interface'

/** Kubo's type of an indirect pin listed by argument: `indirect through <root>` */
const THROUGH = 'indirect through '

/** The `Type` of `pin/ls?arg=` for a CID inside the DAG of recursive pin `root`, as Kubo writes it */
export function indirectThrough (root: string): string {
  return `${THROUGH}${root}`
}

/**
 * Indirect pins, which a cluster does not track: the CIDs inside the DAG of a recursive pin.
 * They are read from the undercluster's Kubos (the `ipfs` backend), and count only under a
 * recursive pin this node answers for: another node's pin on a shared undercluster holds its
 * children for that node, not for this one. Without an `ipfs` backend there are none.
 */
export class IndirectPins {
  constructor (private readonly ctx: ClusterContext) {}

  /**
   * The recursive pin of this node that holds `cid` in its DAG, or `undefined`. The Kubo is asked
   * first (it names the first of its own recursive pins that holds `cid`); when that pin is not
   * one this node answers for, or the Kubo has none, this node's own recursive pins are walked
   * (`refs -r --unique`), in the order it lists them, as Kubo walks its own.
   */
  async parentOf (cid: string, own: () => AsyncIterable<string>, isOwn: (root: string) => Promise<boolean>, signal?: AbortSignal): Promise<string | undefined> {
    const ipfs = this.ctx.ipfs
    if (ipfs?.pinLs === undefined || ipfs.refs === undefined) return undefined
    const named = await this.kuboParent(cid, signal)
    if (named !== undefined && await isOwn(named)) return named
    for await (const root of own()) {
      if (root === cid) continue
      for await (const ref of this.refs(root, signal)) {
        if (ref === cid) return root
      }
    }
    return undefined
  }

  /**
   * Every CID inside the DAGs of `roots` that is not in `seen`, once each, as Kubo lists
   * `type=indirect` (it adds each to `seen`)
   */
  async * under (roots: Iterable<string>, seen: Set<string>, signal?: AbortSignal): AsyncGenerator<PinLsEntry> {
    if (this.ctx.ipfs?.refs === undefined) return
    for (const root of roots) {
      for await (const ref of this.refs(root, signal)) {
        if (seen.has(ref)) continue
        seen.add(ref)
        yield { Cid: ref, Type: 'indirect' }
      }
    }
  }

  private async kuboParent (cid: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      for await (const entry of this.ctx.ipfs?.pinLs?.([cid], { type: 'indirect', signal }) ?? []) {
        if (entry.Type.startsWith(THROUGH)) return entry.Type.slice(THROUGH.length)
      }
    } catch {
      // not indirect on that Kubo (Kubo's `is not pinned`), or it failed: the walk decides
      signal?.throwIfAborted()
    }
    return undefined
  }

  /** The CIDs below `root` (not `root` itself), each once; a walk error fails the listing, as on Kubo */
  private async * refs (root: string, signal?: AbortSignal): AsyncGenerator<string> {
    for await (const event of this.ctx.ipfs?.refs?.([root], { recursive: true, unique: true, signal }) ?? []) {
      if (event.Err !== '') throw new CommandError(event.Err)
      yield event.Ref
    }
  }
}
