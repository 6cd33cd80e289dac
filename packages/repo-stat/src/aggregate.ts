import type { RepoStat } from '@composite-ipfs/interface'

/** Kubo's `NoLimit`: `StorageMax` when `Datastore.StorageMax` is unset */
export const UNLIMITED = 2n ** 64n - 1n

/**
 * The largest `StorageMax` reported. ipfs-cluster's disk informer turns
 * `StorageMax - RepoSize` into an `int64` weight, so anything from 2^63 on would go negative.
 */
export const MAX_REPORTED = 2n ** 63n - 1n

export interface AggregateOptions {
  sizeOnly: boolean
  unlimitedCapacity: bigint
  minFreeSpace: bigint
  repoPath: string
}

/**
 * Adds up the `repo/stat` answers of the live sources.
 *
 * - `RepoSize`: the sum (replicas count once per copy: these are bytes on disk).
 * - `StorageMax`: `RepoSize` plus the summed free space, where a source's free space is
 *   `StorageMax - RepoSize`, never below 0 (a source over its limit does not eat the others'
 *   room), and an unlimited source counts as `unlimitedCapacity`. When nothing is free, the
 *   free space is `minFreeSpace`. Clamped to 2^63-1.
 * - `NumObjects`: the sum, or 0 with `size-only` (as Kubo).
 * - `RepoPath`, `Version`: `repoPath` and the lowest `fs-repo@N`; both `""` with `size-only`
 *   (as Kubo, which skips those look-ups then).
 */
export function aggregate (stats: readonly RepoStat[], options: AggregateOptions): RepoStat {
  let repoSize = 0n
  let free = 0n
  let numObjects = 0n
  for (const stat of stats) {
    repoSize += stat.RepoSize
    free += stat.StorageMax === UNLIMITED ? options.unlimitedCapacity : max(0n, stat.StorageMax - stat.RepoSize)
    numObjects += stat.NumObjects
  }
  if (free === 0n) free = options.minFreeSpace
  return {
    RepoSize: min(repoSize, MAX_REPORTED),
    StorageMax: min(repoSize + free, MAX_REPORTED),
    NumObjects: options.sizeOnly ? 0n : numObjects,
    RepoPath: options.sizeOnly ? '' : options.repoPath,
    Version: options.sizeOnly ? '' : lowestVersion(stats)
  }
}

/** The lowest `fs-repo@N`: the repo format every source can at least read */
function lowestVersion (stats: readonly RepoStat[]): string {
  let lowest: [number, string] | undefined
  for (const { Version } of stats) {
    const n = /^fs-repo@(\d+)$/.exec(Version)?.[1]
    if (n !== undefined && (lowest === undefined || Number(n) < lowest[0])) lowest = [Number(n), Version]
  }
  return lowest?.[1] ?? stats.find(s => s.Version !== '')?.Version ?? ''
}

const max = (a: bigint, b: bigint): bigint => a > b ? a : b
const min = (a: bigint, b: bigint): bigint => a < b ? a : b
