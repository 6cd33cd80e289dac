import { CommandError, NotSupportedError } from '@composite-ipfs/interface'
import { pinTarget } from './paths.ts'
import type { ClusterContext } from './context.ts'
import type { CallOptions } from '@composite-ipfs/interface'

/**
 * The CID of a path: direct for `<cid>` and `/ipfs/<cid>`, else through the ipfs backend's
 * resolve. Pins are read and written by CID: the undercluster's own path resolution
 * (`POST /pins/ipfs/<path>`) would write the pin before this node could read who else holds it.
 */
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
