import { CommandError, raceSignal, UpstreamUnavailableError } from '@composite-ipfs/interface'
import { LRUCache } from 'lru-cache'
import { UNLIMITED, aggregate } from './aggregate.ts'
import type { AggregateOptions } from './aggregate.ts'
import type { PeerRepoStat, RepoStatAggregator, RepoStatAggregatorInit, RepoStatBreakdown } from './init.ts'
import type { RepoStat, RepoStatOptions } from '@composite-ipfs/interface'

/** One daemon asked for its `repo/stat` (see `RepoStatSource`) */
export interface StatSource {
  readonly label: string
  repoStat(sizeOnly: boolean, signal: AbortSignal): Promise<RepoStat>
  /** A short reason for a failure of `repoStat` */
  reason?(err: unknown): string
  close(): Promise<void>
}

/** Asks every source concurrently, adds up the live ones, caches the result per `size-only` */
export class MultiSourceRepoStat implements RepoStatAggregator {
  private readonly sources: readonly StatSource[]
  private readonly options: Omit<AggregateOptions, 'sizeOnly'>
  /** One round per `size-only` value at a time, reused for `ttl`; a failed round is not kept */
  private readonly cache: LRUCache<boolean, RepoStatBreakdown>
  private stopped = false

  constructor (sources: readonly StatSource[], init: Omit<RepoStatAggregatorInit, 'sources' | 'timeout' | 'dispatcher'> = {}) {
    if (sources.length === 0) throw new TypeError('repoStatAggregator needs at least one source')
    this.sources = sources
    this.options = {
      unlimitedCapacity: init.unlimitedCapacity ?? 10_000_000_000n,
      minFreeSpace: init.minFreeSpace ?? 0n,
      repoPath: init.repoPath ?? `composite:${sources.length} peers`
    }
    this.cache = new LRUCache({
      max: 2,
      ttl: Math.max(1, init.ttl ?? 10_000), // lru-cache reads 0 as "for ever"
      // the round belongs to the aggregator: its signal aborts only when stop() clears the cache
      fetchMethod: async (sizeOnly, _stale, { signal }) => await this.collect(sizeOnly, signal)
    })
  }

  async repoStat (options: RepoStatOptions = {}): Promise<RepoStat> {
    return (await this.breakdown(options)).total
  }

  async breakdown (options: RepoStatOptions = {}): Promise<RepoStatBreakdown> {
    if (this.stopped) throw new CommandError('the repo/stat aggregator is stopped')
    // one caller leaving must not cancel the shared round: only stop() does
    const round = (this.cache.fetch(options.sizeOnly === true) as Promise<RepoStatBreakdown>).catch((err: unknown) => {
      // stop() cleared the cache, and lru-cache rejects the round in flight with its own "deleted"
      if (this.stopped) throw new CommandError('the repo/stat aggregator is stopped')
      throw err
    })
    return await raceSignal(round, options.signal)
  }

  async stop (): Promise<void> {
    this.stopped = true
    this.cache.clear()
    await Promise.all(this.sources.map(async s => s.close()))
  }

  private async collect (sizeOnly: boolean, signal: AbortSignal): Promise<RepoStatBreakdown> {
    const peers = await Promise.all(this.sources.map(async (source): Promise<PeerRepoStat> => {
      try {
        const stat = await source.repoStat(sizeOnly, signal)
        return stat.StorageMax === UNLIMITED ? { source: source.label, stat, unlimited: true } : { source: source.label, stat }
      } catch (err) {
        return { source: source.label, error: source.reason?.(err) ?? (err as Error).message }
      }
    }))
    const stats = peers.flatMap(p => p.stat === undefined ? [] : [p.stat])
    if (stats.length === 0) {
      const errors = peers.map(p => new Error(`${p.source}: ${p.error}`))
      throw new UpstreamUnavailableError(`repo/stat: no source answered (${errors.map(e => e.message).join('; ')})`, errors)
    }
    return { total: aggregate(stats, { ...this.options, sizeOnly }), peers }
  }
}
