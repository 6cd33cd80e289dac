import type { AddOptions, BlockPutOptions, BlockRmOptions, CatOptions, DagExportOptions, DagGetOptions, DagImportOptions, DagPutOptions, GetOptions, IdOptions, NameResolveOptions, PinAddOptions, PinLsOptions, PinRmOptions, PinUpdateOptions, PinVerifyOptions, RefsOptions, RepoGcOptions, RepoStatOptions, ResolveOptions, SwarmPeersOptions, VersionOptions } from './command-options.ts'
import type { ByteStream, FileEntry } from './files.ts'
import type { CallOptions } from './options.ts'
import type { RawRequest, RawResponse } from './raw.ts'
import type { AddEvent, BlockRmEvent, BlockStat, DagImportEvent, DagPutEvent, GcEvent, IdResult, PathResult, PinAddEvent, PinLsEntry, PinsResult, PinVerifyEntry, RefEvent, RepoStat, StringsResult, SwarmPeersResult, VersionResult } from './results.ts'

/**
 * What sits behind a composite node: a Kubo daemon, an ipfs-cluster, or anything that can
 * answer Kubo RPC commands. The server parses the wire format, calls these methods, and writes
 * the results in Kubo's wire format.
 *
 * Method names are the camelCase of the command path (`pin/add` is `pinAdd`). Every method
 * is optional: a command whose method is missing goes to `passthrough`, or is answered with
 * a `NotSupportedError`. Errors thrown must be `CompositeIpfsError`s (see `errors.ts`); any
 * other error is answered as Kubo's generic 500.
 *
 * Streams are `AsyncIterable`s: the server writes each value as it arrives, and stops
 * iterating (calling `return()`) when the client goes away.
 */
export interface Backend {
  /** A short name for logs and errors, e.g. `kubo` or `cluster` */
  readonly name: string

  start?(): Promise<void>
  stop?(): Promise<void>

  id?(peerId: string | undefined, options?: IdOptions): Promise<IdResult>
  version?(options?: VersionOptions): Promise<VersionResult>

  /** Imports files; yields progress (`Bytes`) and one event per finished entry */
  add?(entries: AsyncIterable<FileEntry>, options?: AddOptions): AsyncIterable<AddEvent>
  cat?(paths: string[], options?: CatOptions): Promise<ByteStream>
  /** A tar (or gzip) stream of the path */
  get?(path: string, options?: GetOptions): Promise<ByteStream>

  /** Yields `{Progress}` while pinning (when asked), and `{Pins}` when done */
  pinAdd?(paths: string[], options?: PinAddOptions): AsyncIterable<PinAddEvent>
  pinRm?(paths: string[], options?: PinRmOptions): Promise<PinsResult>
  pinLs?(paths: string[], options?: PinLsOptions): AsyncIterable<PinLsEntry>
  pinUpdate?(from: string, to: string, options?: PinUpdateOptions): Promise<PinsResult>
  pinVerify?(options?: PinVerifyOptions): AsyncIterable<PinVerifyEntry>

  repoStat?(options?: RepoStatOptions): Promise<RepoStat>
  repoGc?(options?: RepoGcOptions): AsyncIterable<GcEvent>

  blockPut?(blocks: AsyncIterable<FileEntry>, options?: BlockPutOptions): AsyncIterable<BlockStat>
  blockGet?(cid: string, options?: CallOptions): Promise<ByteStream>
  blockStat?(cid: string, options?: CallOptions): Promise<BlockStat>
  blockRm?(cids: string[], options?: BlockRmOptions): AsyncIterable<BlockRmEvent>

  dagPut?(nodes: AsyncIterable<FileEntry>, options?: DagPutOptions): AsyncIterable<DagPutEvent>
  /** Imports CAR files; pins the roots of their headers unless `pinRoots` is `false` (or `localOnly`) */
  dagImport?(cars: AsyncIterable<FileEntry>, options?: DagImportOptions): AsyncIterable<DagImportEvent>
  dagGet?(ref: string, options?: DagGetOptions): Promise<ByteStream>
  dagExport?(root: string, options?: DagExportOptions): Promise<ByteStream>

  refs?(paths: string[], options?: RefsOptions): AsyncIterable<RefEvent>
  refsLocal?(options?: CallOptions): AsyncIterable<RefEvent>

  swarmPeers?(options?: SwarmPeersOptions): Promise<SwarmPeersResult>
  swarmConnect?(addrs: string[], options?: CallOptions): Promise<StringsResult>

  configShow?(options?: CallOptions): Promise<Record<string, unknown>>
  resolve?(name: string, options?: ResolveOptions): Promise<PathResult>
  /** Yields one path, or several with `stream` */
  nameResolve?(name: string | undefined, options?: NameResolveOptions): AsyncIterable<PathResult>

  /** Forwards any other command byte for byte */
  passthrough?(request: RawRequest, options?: CallOptions): Promise<RawResponse>
}

/** A source of `repo/stat` answers, e.g. the aggregator over an undercluster's daemons */
export interface RepoStatProvider {
  repoStat(options?: RepoStatOptions): Promise<RepoStat>
}
