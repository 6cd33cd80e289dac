/**
 * Typed options of each command. Keys are the camelCase of Kubo's wire names
 * (see `optionKey`); every call also takes `CallOptions` (signal, hop chain).
 */
import type { CallOptions } from './options.ts'

export interface FastProvideOptions {
  fastProvideRoot?: boolean
  fastProvideDag?: boolean
  fastProvideWait?: boolean
}

export interface IdOptions extends CallOptions { format?: string, peeridBase?: string }
export interface VersionOptions extends CallOptions { number?: boolean, commit?: boolean, repo?: boolean, all?: boolean }

export interface AddOptions extends CallOptions, FastProvideOptions {
  recursive?: boolean
  hidden?: boolean
  emptyDirs?: boolean
  quiet?: boolean
  quieter?: boolean
  silent?: boolean
  progress?: boolean
  onlyHash?: boolean
  wrapWithDirectory?: boolean
  pin?: boolean
  pinName?: string
  toFiles?: string
  cidVersion?: number
  hash?: string
  rawLeaves?: boolean
  chunker?: string
  trickle?: boolean
  maxFileLinks?: number
  maxDirectoryLinks?: number
  maxHamtFanout?: number
  inline?: boolean
  inlineLimit?: number
  nocopy?: boolean
  fscache?: boolean
  preserveMode?: boolean
  preserveMtime?: boolean
  mode?: number
  mtime?: bigint
  mtimeNsecs?: number
  [option: string]: unknown
}

export interface CatOptions extends CallOptions { offset?: bigint, length?: bigint, progress?: boolean }
export interface GetOptions extends CallOptions { output?: string, archive?: boolean, compress?: boolean, compressionLevel?: number, progress?: boolean }
export interface RefsOptions extends CallOptions { format?: string, edges?: boolean, unique?: boolean, recursive?: boolean, maxDepth?: number }
export interface PinAddOptions extends CallOptions, FastProvideOptions { recursive?: boolean, name?: string, progress?: boolean }
export interface PinRmOptions extends CallOptions { recursive?: boolean }
export interface PinLsOptions extends CallOptions { type?: string, quiet?: boolean, name?: string, stream?: boolean, names?: boolean }
export interface PinUpdateOptions extends CallOptions, FastProvideOptions { unpin?: boolean }
export interface PinVerifyOptions extends CallOptions { verbose?: boolean, quiet?: boolean }
export interface RepoStatOptions extends CallOptions { sizeOnly?: boolean, human?: boolean }
export interface RepoGcOptions extends CallOptions { streamErrors?: boolean, quiet?: boolean, silent?: boolean }
export interface BlockPutOptions extends CallOptions { cidCodec?: string, mhtype?: string, mhlen?: number, pin?: boolean, allowBigBlock?: boolean, format?: string }
export interface BlockRmOptions extends CallOptions { force?: boolean, quiet?: boolean }
export interface DagImportOptions extends CallOptions, FastProvideOptions { pinRoots?: boolean, localOnly?: boolean, silent?: boolean, stats?: boolean, allowBigBlock?: boolean }
export interface DagPutOptions extends CallOptions { storeCodec?: string, inputCodec?: string, pin?: boolean, hash?: string, allowBigBlock?: boolean }
export interface DagGetOptions extends CallOptions { outputCodec?: string }
export interface DagExportOptions extends CallOptions { progress?: boolean, localOnly?: boolean }
export interface SwarmPeersOptions extends CallOptions { verbose?: boolean, streams?: boolean, latency?: boolean, direction?: boolean, identify?: boolean }
export interface ResolveOptions extends CallOptions { recursive?: boolean, dhtRecordCount?: number, dhtTimeout?: string }
export interface NameResolveOptions extends CallOptions { recursive?: boolean, nocache?: boolean, dhtRecordCount?: number, dhtTimeout?: string, stream?: boolean }
