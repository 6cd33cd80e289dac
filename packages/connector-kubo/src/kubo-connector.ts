import { commands } from '@composite-ipfs/interface'
import { ClientClosedError, rpcClient } from '@composite-ipfs/rpc-client'
import { KuboCalls } from './kubo-calls.ts'
import { passthrough } from './passthrough.ts'
import type { KuboConnectorInit } from './init.ts'
import type * as T from '@composite-ipfs/interface'
import type { Backend, CallOptions, FileEntry, RepoStatProvider } from '@composite-ipfs/interface'
import type { RpcClient, RpcClientInit } from '@composite-ipfs/rpc-client'

/** repo/stat integers that may exceed 2^53 (StorageMax is 2^64-1 when unlimited) */
const REPO_STAT_BIGINTS = ['RepoSize', 'StorageMax', 'NumObjects']

/**
 * A backend over one Kubo (or interchangeable Kubos). Every typed method is the Kubo command
 * of the same name with its options written back by `toQuery`, and Kubo's answer passed
 * through as it came; streams stay streams in both directions.
 */
export class KuboRpcConnector implements Backend {
  readonly name: string
  readonly #clientInit: RpcClientInit
  readonly #repoStat?: RepoStatProvider
  readonly #calls = new KuboCalls(() => this.#rpc)
  #client: RpcClient | undefined
  /** The endpoints, as URLs without credentials */
  readonly endpoints: readonly string[]

  constructor (init: KuboConnectorInit) {
    this.name = init.name ?? 'kubo'
    this.#repoStat = init.repoStat
    this.#clientInit = {
      endpoints: init.endpoints.map(e => {
        const endpoint = typeof e === 'string' ? { url: e } : e
        return { ...endpoint, authorization: endpoint.authorization ?? init.authorization, tls: endpoint.tls ?? init.tls }
      }),
      timeouts: init.timeouts,
      retries: init.retries,
      dispatcher: init.dispatcher,
      logger: init.logger?.child({ backend: this.name })
    }
    this.#client = rpcClient(this.#clientInit)
    this.endpoints = this.#client.endpoints
  }

  async start (): Promise<void> {
    this.#client ??= rpcClient(this.#clientInit)
  }

  async stop (): Promise<void> {
    const client = this.#client
    this.#client = undefined
    await client?.close()
  }

  get #rpc (): RpcClient {
    if (this.#client === undefined) throw new ClientClosedError(`the ${this.name} connector is stopped`)
    return this.#client
  }

  async id (peerId: string | undefined, options?: T.IdOptions): Promise<T.IdResult> {
    return this.#calls.json(commands.id, peerId === undefined ? [] : [peerId], options)
  }

  async version (options?: T.VersionOptions): Promise<T.VersionResult> {
    return this.#calls.json(commands.version, [], options)
  }

  add (entries: AsyncIterable<FileEntry>, options?: T.AddOptions): AsyncIterable<T.AddEvent> {
    return this.#calls.upload(commands.add, entries, options)
  }

  async cat (paths: string[], options?: T.CatOptions): Promise<T.ByteStream> {
    return this.#calls.bytes(commands.cat, paths, options)
  }

  async get (path: string, options?: T.GetOptions): Promise<T.ByteStream> {
    return this.#calls.bytes(commands.get, [path], options)
  }

  pinAdd (paths: string[], options?: T.PinAddOptions): AsyncIterable<T.PinAddEvent> {
    // a pin that fails after progress started must not look finished to ipfs-cluster
    return this.#calls.lines(commands.pinAdd, paths, options, { abortStreamOnError: true })
  }

  async pinRm (paths: string[], options?: T.PinRmOptions): Promise<T.PinsResult> {
    return this.#calls.json(commands.pinRm, paths, options)
  }

  /** Always asks for Kubo's stream form (one line per pin), so a big pin set is never buffered */
  pinLs (paths: string[], options: T.PinLsOptions = {}): AsyncIterable<T.PinLsEntry> {
    return this.#calls.lines(commands.pinLs, paths, { ...options, stream: true } as T.PinLsOptions)
  }

  async pinUpdate (from: string, to: string, options?: T.PinUpdateOptions): Promise<T.PinsResult> {
    return this.#calls.json(commands.pinUpdate, [from, to], options)
  }

  pinVerify (options?: T.PinVerifyOptions): AsyncIterable<T.PinVerifyEntry> {
    return this.#calls.lines(commands.pinVerify, [], options)
  }

  async repoStat (options?: T.RepoStatOptions): Promise<T.RepoStat> {
    if (this.#repoStat !== undefined) return this.#repoStat.repoStat(options)
    return this.#calls.json(commands.repoStat, [], options, { bigints: REPO_STAT_BIGINTS })
  }

  repoGc (options?: T.RepoGcOptions): AsyncIterable<T.GcEvent> {
    return this.#calls.lines(commands.repoGc, [], options)
  }

  blockPut (blocks: AsyncIterable<FileEntry>, options?: T.BlockPutOptions): AsyncIterable<T.BlockStat> {
    return this.#calls.upload(commands.blockPut, blocks, options)
  }

  async blockGet (cid: string, options?: CallOptions): Promise<T.ByteStream> {
    return this.#calls.bytes(commands.blockGet, [cid], options)
  }

  async blockStat (cid: string, options?: CallOptions): Promise<T.BlockStat> {
    return this.#calls.json(commands.blockStat, [cid], options)
  }

  blockRm (cids: string[], options?: T.BlockRmOptions): AsyncIterable<T.BlockRmEvent> {
    return this.#calls.lines(commands.blockRm, cids, options)
  }

  dagPut (nodes: AsyncIterable<FileEntry>, options?: T.DagPutOptions): AsyncIterable<T.DagPutEvent> {
    return this.#calls.upload(commands.dagPut, nodes, options)
  }

  dagImport (cars: AsyncIterable<FileEntry>, options?: T.DagImportOptions): AsyncIterable<T.DagImportEvent> {
    return this.#calls.upload(commands.dagImport, cars, options)
  }

  async dagGet (ref: string, options?: T.DagGetOptions): Promise<T.ByteStream> {
    return this.#calls.bytes(commands.dagGet, [ref], options)
  }

  async dagExport (root: string, options?: T.DagExportOptions): Promise<T.ByteStream> {
    return this.#calls.bytes(commands.dagExport, [root], options)
  }

  refs (paths: string[], options?: T.RefsOptions): AsyncIterable<T.RefEvent> {
    return this.#calls.lines(commands.refs, paths, options)
  }

  refsLocal (options?: CallOptions): AsyncIterable<T.RefEvent> {
    return this.#calls.lines(commands.refsLocal, [], options)
  }

  async swarmPeers (options?: T.SwarmPeersOptions): Promise<T.SwarmPeersResult> {
    return this.#calls.json(commands.swarmPeers, [], options)
  }

  async swarmConnect (addrs: string[], options?: CallOptions): Promise<T.StringsResult> {
    return this.#calls.json(commands.swarmConnect, addrs, options)
  }

  async configShow (options?: CallOptions): Promise<Record<string, unknown>> {
    return this.#calls.json(commands.configShow, [], options)
  }

  async resolve (name: string, options?: T.ResolveOptions): Promise<T.PathResult> {
    return this.#calls.json(commands.resolve, [name], options)
  }

  nameResolve (name: string | undefined, options?: T.NameResolveOptions): AsyncIterable<T.PathResult> {
    return this.#calls.lines(commands.nameResolve, name === undefined ? [] : [name], options)
  }

  async passthrough (request: T.RawRequest, options?: CallOptions): Promise<T.RawResponse> {
    return passthrough(this.#rpc, request, options)
  }
}
