import type { RepoStat, RepoStatOptions, RepoStatProvider } from '@composite-ipfs/interface'
import type { Endpoint } from '@composite-ipfs/rpc-client'
import type { Dispatcher } from 'undici'

export interface RepoStatAggregatorInit {
  /**
   * The Kubo RPC APIs to add up: an undercluster's IPFS daemons, or any set of Kubos
   * (`http://127.0.0.1:5001`, a multiaddr, or an `Endpoint` with authorization and TLS)
   */
  sources: Array<string | Endpoint>
  /**
   * How long one source may take to answer, in ms; a slower source is reported dead
   *
   * @default 5000
   */
  timeout?: number
  /**
   * How long an aggregate is reused, in ms (per `size-only` value); ipfs-cluster asks every 15 s
   *
   * @default 10000
   */
  ttl?: number
  /**
   * The free space counted for a source without a limit (`StorageMax` = 2^64-1, i.e.
   * `Datastore.StorageMax` unset). Kubo's own default limit, so that such a peer counts like a
   * freshly initialised Kubo: it neither starves the node nor outranks every other peer of the
   * overcluster. Raise it to what the disks behind those peers really hold.
   *
   * @default 10_000_000_000n (10 GB, Kubo's default `Datastore.StorageMax`)
   */
  unlimitedCapacity?: bigint
  /**
   * Free space reported when every live source is full. With 0 the aggregate says
   * `StorageMax` = `RepoSize`, which ipfs-cluster's disk informer treats as "no free space":
   * the metric is invalid and the overcluster allocates no new pins here until space frees up
   * (the next poll after a GC). A positive value keeps the node allocatable anyway (Kubo's
   * `StorageMax` is only a GC watermark, not a hard limit).
   *
   * @default 0n
   */
  minFreeSpace?: bigint
  /**
   * `RepoPath` of the aggregate (Kubo reports the repo's path; there is none here)
   *
   * @default `composite:<number of sources> peers`
   */
  repoPath?: string
  /**
   * The undici dispatcher every source is reached through (e.g. a mock, or a proxy agent)
   *
   * @default one keep-alive pool per source
   */
  dispatcher?: Dispatcher
}

/** One source's part of an aggregate */
export interface PeerRepoStat {
  /** The source's URL, without credentials */
  source: string
  /** Its own `repo/stat` answer, exact; absent when it did not answer */
  stat?: RepoStat
  /** Why it is not counted: it failed, timed out or answered nonsense */
  error?: string
  /** True when it has no `StorageMax` (2^64-1) and counts as `unlimitedCapacity` of free space */
  unlimited?: boolean
}

export interface RepoStatBreakdown {
  /** The aggregate, as `repo/stat` answers it */
  total: RepoStat
  /** Every source, in the order of `sources` */
  peers: PeerRepoStat[]
}

/** A `repo/stat` provider over several daemons, with a per-peer view */
export interface RepoStatAggregator extends RepoStatProvider {
  /** The aggregate and each source's part; throws `UpstreamUnavailableError` when no source answered */
  breakdown(options?: RepoStatOptions): Promise<RepoStatBreakdown>
  /** Aborts calls in flight and closes the connections */
  stop(): Promise<void>
}
