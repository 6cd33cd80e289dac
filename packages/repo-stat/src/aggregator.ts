import { CommandError, raceSignal, UpstreamUnavailableError } from '@composite-ipfs/interface'
import { UNLIMITED, aggregate } from './aggregate.ts'
import { TtlCache } from './ttl-cache.ts'
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
  private readonly cache: TtlCache<boolean, RepoStatBreakdown>
  private readonly lifetime = new AbortController()

  constructor (sources: readonly StatSource[], init: Omit<RepoStatAggregatorInit, 'sources' | 'timeout' | 'dispatcher'> = {}) {
    if (sources.length === 0) throw new TypeError('repoStatAggregator needs at least one source')
    this.sources = sources
    this.options = {
      unlimitedCapacity: init.unlimitedCapacity ?? 10_000_000_000n,
      minFreeSpace: init.minFreeSpace ?? 0n,
      repoPath: init.repoPath ?? `composite:${sources.length} peers`
    }
    this.cache = new TtlCache(init.ttl ?? 10_000)
  }

  async repoStat (options: RepoStatOptions = {}): Promise<RepoStat> {
    return (await this.breakdown(options)).total
  }

  async breakdown (options: RepoStatOptions = {}): Promise<RepoStatBreakdown> {
    if (this.lifetime.signal.aborted) throw new CommandError('the repo/stat aggregator is stopped')
    const sizeOnly = options.sizeOnly === true
    // one caller leaving must not cancel the shared round: only stop() does
    return raceSignal(this.cache.get(sizeOnly, async () => this.collect(sizeOnly)), options.signal)
  }

  async stop (): Promise<void> {
    this.lifetime.abort()
    this.cache.clear()
    await Promise.all(this.sources.map(async s => s.close()))
  }

  private async collect (sizeOnly: boolean): Promise<RepoStatBreakdown> {
    const peers = await Promise.all(this.sources.map(async (source): Promise<PeerRepoStat> => {
      try {
        const stat = await source.repoStat(sizeOnly, this.lifetime.signal)
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
