/**
 * @packageDocumentation
 *
 * `repo/stat` for a composite node fronting many daemons (upstream ipfs-cluster #466): asks
 * every source's Kubo RPC API concurrently, adds the answers up with exact bigints, and caches
 * the aggregate, so that the overcluster's disk informer (`freespace` = `StorageMax - RepoSize`,
 * polled every 15 s) sees a realistic, valid figure:
 *
 * - an unlimited source (`StorageMax` 2^64-1) counts as `unlimitedCapacity` of free space;
 * - a source over its limit counts as 0 free, never less;
 * - `StorageMax` never exceeds 2^63-1, so the int64 weight cannot go negative;
 * - dead or stalled sources are skipped (and listed in `breakdown()`); none alive is an error.
 *
 * @example
 *
 * ```ts
 * import { repoStatAggregator, repoStatEndpoint } from '@composite-ipfs/repo-stat'
 *
 * const stats = repoStatAggregator({
 *   sources: ['http://127.0.0.1:5001', 'http://127.0.0.1:5002'],
 *   unlimitedCapacity: 2n * 1024n ** 4n // the peers without a limit have 2 TiB disks
 * })
 * const { RepoSize, StorageMax } = await stats.repoStat({ sizeOnly: true })
 * const { peers } = await stats.breakdown()
 * await stats.stop()
 * ```
 */
import { MultiSourceRepoStat } from './aggregator.ts'
import { RepoStatSource } from './source.ts'
import type { RepoStatAggregator, RepoStatAggregatorInit } from './init.ts'

/**
 * Creates a `repo/stat` aggregator over a set of Kubo RPC APIs. It is a `RepoStatProvider`
 * (give it to a connector), with a per-source `breakdown()` besides.
 *
 * @example
 * ```ts
 * const stats = repoStatAggregator({ sources: undercluster.peers.map(p => p.kubo.apiUrl), ttl: 10_000 })
 * const stat = await stats.repoStat({ sizeOnly: true })
 * ```
 */
export function repoStatAggregator (init: RepoStatAggregatorInit): RepoStatAggregator {
  const timeout = init.timeout ?? 5_000
  const sources = init.sources.map(s => new RepoStatSource(s, timeout, init.dispatcher))
  return new MultiSourceRepoStat(sources, init)
}

export { repoStatEndpoint } from './endpoint.ts'
export { MAX_REPORTED, UNLIMITED } from './aggregate.ts'
export type { RepoStatEndpointInit } from './endpoint.ts'
export type { PeerRepoStat, RepoStatAggregator, RepoStatAggregatorInit, RepoStatBreakdown } from './init.ts'
