import { dagImport } from './dag-import.ts'
import { checkPassthrough } from './passthrough-allow.ts'
import { requireIpfs } from './delegate.ts'
import { claimRoot } from './add-roots.ts'
import type { ClusterContext } from './context.ts'
import type { BlockPutOptions, BlockRmEvent, BlockRmOptions, BlockStat, ByteStream, CallOptions, DagExportOptions, DagImportEvent, DagImportOptions, DagGetOptions, DagPutEvent, DagPutOptions, FileEntry, GetOptions, CatOptions, NameResolveOptions, PathResult, RawRequest, RawResponse, RefEvent, RefsOptions, ResolveOptions, StringsResult, SwarmPeersOptions, SwarmPeersResult } from '@composite-ipfs/interface'

/**
 * The commands the cluster REST API has no equivalent for, handed to the `ipfs` backend (a
 * Kubo of the undercluster). `block/put` and `dag/put` with `pin=true`, and `dag/import` with its
 * roots pinned, store through that Kubo without pinning there, and pin in the undercluster
 * instead, as upstream's proxy does for the first two.
 */
export abstract class IpfsCommands {
  protected abstract readonly ctx: ClusterContext

  async * blockPut (blocks: AsyncIterable<FileEntry>, options: BlockPutOptions = {}): AsyncGenerator<BlockStat> {
    for await (const stat of requireIpfs(this.ctx, 'blockPut', 'block/put')(blocks, { ...options, pin: false })) {
      if (options.pin === true) await this.pinInCluster(stat.Key, options)
      yield stat
    }
  }

  async * dagPut (nodes: AsyncIterable<FileEntry>, options: DagPutOptions = {}): AsyncGenerator<DagPutEvent> {
    for await (const event of requireIpfs(this.ctx, 'dagPut', 'dag/put')(nodes, { ...options, pin: false })) {
      if (options.pin === true) await this.pinInCluster(event.Cid['/'], options)
      yield event
    }
  }

  /** The CARs go to the `ipfs` backend; their roots are pinned in the undercluster (see `dagImport`) */
  async * dagImport (cars: AsyncIterable<FileEntry>, options?: DagImportOptions): AsyncGenerator<DagImportEvent> {
    yield * dagImport(this.ctx, cars, options)
  }

  async blockGet (cid: string, options?: CallOptions): Promise<ByteStream> { return await requireIpfs(this.ctx, 'blockGet', 'block/get')(cid, options) }
  async blockStat (cid: string, options?: CallOptions): Promise<BlockStat> { return await requireIpfs(this.ctx, 'blockStat', 'block/stat')(cid, options) }
  async * blockRm (cids: string[], options?: BlockRmOptions): AsyncGenerator<BlockRmEvent> { yield * requireIpfs(this.ctx, 'blockRm', 'block/rm')(cids, options) }
  async cat (paths: string[], options?: CatOptions): Promise<ByteStream> { return await requireIpfs(this.ctx, 'cat', 'cat')(paths, options) }
  async get (path: string, options?: GetOptions): Promise<ByteStream> { return await requireIpfs(this.ctx, 'get', 'get')(path, options) }
  async dagGet (ref: string, options?: DagGetOptions): Promise<ByteStream> { return await requireIpfs(this.ctx, 'dagGet', 'dag/get')(ref, options) }
  async dagExport (root: string, options?: DagExportOptions): Promise<ByteStream> { return await requireIpfs(this.ctx, 'dagExport', 'dag/export')(root, options) }
  async * refs (paths: string[], options?: RefsOptions): AsyncGenerator<RefEvent> { yield * requireIpfs(this.ctx, 'refs', 'refs')(paths, options) }
  async * refsLocal (options?: CallOptions): AsyncGenerator<RefEvent> { yield * requireIpfs(this.ctx, 'refsLocal', 'refs/local')(options) }
  async swarmPeers (options?: SwarmPeersOptions): Promise<SwarmPeersResult> { return await requireIpfs(this.ctx, 'swarmPeers', 'swarm/peers')(options) }
  async swarmConnect (addrs: string[], options?: CallOptions): Promise<StringsResult> { return await requireIpfs(this.ctx, 'swarmConnect', 'swarm/connect')(addrs, options) }
  async configShow (options?: CallOptions): Promise<Record<string, unknown>> { return await requireIpfs(this.ctx, 'configShow', 'config/show')(options) }
  async resolve (name: string, options?: ResolveOptions): Promise<PathResult> { return await requireIpfs(this.ctx, 'resolve', 'resolve')(name, options) }
  async * nameResolve (name: string | undefined, options?: NameResolveOptions): AsyncGenerator<PathResult> { yield * requireIpfs(this.ctx, 'nameResolve', 'name/resolve')(name, options) }
  /** Any other command that answers alike on every Kubo of the undercluster, to the `ipfs` backend (see `checkPassthrough`) */
  async passthrough (request: RawRequest, options?: CallOptions): Promise<RawResponse> {
    checkPassthrough(request.command, this.ctx.label, this.ctx.passthroughAllow)
    return await requireIpfs(this.ctx, 'passthrough', request.command)(request, options)
  }

  private async pinInCluster (cid: string, options: CallOptions): Promise<void> {
    await this.ctx.loop?.refuseInception('pin (block/put, dag/put)')
    await claimRoot(this.ctx, cid, options)
  }
}
