import { InvalidConfigError } from './errors.ts'
import type { AddVia, PinLsMode, PinWaitInit, PinWaitPolicy } from '@composite-ipfs/connector-cluster'

/** Settings of `composite-ipfs serve` that tune the cluster backend (flags `--cluster-pin-ls`, `--cluster-add`, `--pin-wait*`, `--repo-stat-ttl`) */
export interface TuningConfig {
  /**
   * What pin/ls without arguments lists: `status` (what at least one peer reports pinned; a big
   * pinset takes seconds to start, as the cluster builds the whole list first) or `pinset` (the
   * shared pinset as it is, pins not pinned yet included, like ipfs-cluster's proxy; streamed at once)
   *
   * @default 'status'
   */
  clusterPinLs?: PinLsMode
  /**
   * Which adder builds a pinned add of options the cluster honours: `cluster` (the cluster's
   * `/add`, blocks straight to the allocated peers) or `kubo` (a `--cluster-ipfs` Kubo, with its
   * `Import` settings, then a cluster pin; faster, but an unpinned copy stays on that Kubo when it
   * is not allocated). Needs `--cluster-ipfs` for `kubo`.
   *
   * @default 'cluster'
   */
  clusterAdd?: AddVia
  /**
   * When pin/add answers: `replication-min`, `all`, `accepted` (once in the shared state, like
   * ipfs-cluster's proxy) or a number of peers
   *
   * @default 'replication-min'
   */
  pinWaitPolicy?: PinWaitPolicy
  /**
   * Milliseconds after which an unfinished pin/add fails
   *
   * @default 1800000 (30 minutes)
   */
  pinWaitTimeout?: number
  /**
   * How often one pin/add asks the undercluster to recover a pin a peer failed (`pin_error`)
   * while it waits; 0: never
   *
   * @default 3
   */
  pinRecoveries?: number
  /**
   * Milliseconds before the second status poll of a waiting pin (the first comes right after the
   * pin was accepted; later ones back off by half up to 5 s)
   *
   * @default the cluster connector's default
   */
  pinPollInterval?: number
  /**
   * Milliseconds the summed repo/stat of the `--cluster-ipfs` daemons is kept (0: ask them every time)
   *
   * @default 10000
   */
  repoStatTtl?: number
}

/** The tuning settings after validation, as the connectors take them */
export interface ResolvedTuning {
  pinLs?: PinLsMode
  addVia?: AddVia
  pinWait?: PinWaitInit
  repoStatTtl?: number
}

export const TUNING_INTEGERS = ['pinWaitTimeout', 'pinRecoveries', 'pinPollInterval', 'repoStatTtl'] as const
export const TUNING_KEYS = ['clusterPinLs', 'clusterAdd', 'pinWaitPolicy', ...TUNING_INTEGERS] as const

const PIN_LS_MODES = new Set(['status', 'pinset'])
const ADDERS = new Set(['cluster', 'kubo'])
const POLICIES = new Set(['replication-min', 'all', 'accepted'])

/** `--pin-wait` as given on the command line: a policy name or a number of peers */
export function parsePolicy (value: string | undefined): PinWaitPolicy | undefined {
  if (value === undefined) return undefined
  return /^\d+$/.test(value) ? Number.parseInt(value, 10) : value as PinWaitPolicy
}

/** Checks the types of the tuning keys of a config file */
export function validateTuning (config: Record<string, unknown>, source: string): void {
  if (config.clusterPinLs !== undefined && typeof config.clusterPinLs !== 'string') throw new InvalidConfigError(`${source}: "clusterPinLs" must be a string`)
  if (config.clusterAdd !== undefined && typeof config.clusterAdd !== 'string') throw new InvalidConfigError(`${source}: "clusterAdd" must be a string`)
  const policy = config.pinWaitPolicy
  if (policy !== undefined && typeof policy !== 'string' && !Number.isInteger(policy)) throw new InvalidConfigError(`${source}: "pinWaitPolicy" must be a string or an integer`)
}

/** Checks the merged values; cluster settings need a cluster backend, the TTL the aggregator */
export function resolveTuning (merged: TuningConfig & { cluster?: string[], clusterIpfs?: string[] }): ResolvedTuning {
  const { clusterPinLs, clusterAdd, pinWaitPolicy, pinWaitTimeout, pinRecoveries, pinPollInterval, repoStatTtl } = merged
  if (clusterPinLs !== undefined && !PIN_LS_MODES.has(clusterPinLs)) throw new InvalidConfigError(`--cluster-pin-ls must be status or pinset, got "${clusterPinLs}"`)
  if (clusterAdd !== undefined && !ADDERS.has(clusterAdd)) throw new InvalidConfigError(`--cluster-add must be cluster or kubo, got "${clusterAdd}"`)
  if (clusterAdd === 'kubo' && (merged.clusterIpfs ?? []).length === 0) throw new InvalidConfigError('--cluster-add kubo needs --cluster-ipfs (the Kubos that build the DAG)')
  if (pinWaitPolicy !== undefined && typeof pinWaitPolicy === 'string' && !POLICIES.has(pinWaitPolicy)) {
    throw new InvalidConfigError(`--pin-wait must be replication-min, all, accepted or a number of peers, got "${pinWaitPolicy}"`)
  }
  if (typeof pinWaitPolicy === 'number' && pinWaitPolicy < 1) throw new InvalidConfigError(`--pin-wait must be at least 1 peer, got ${pinWaitPolicy}`)
  if (pinWaitTimeout !== undefined && pinWaitTimeout <= 0) throw new InvalidConfigError(`--pin-wait-timeout must be positive (ms), got ${pinWaitTimeout}`)
  if (pinRecoveries !== undefined && pinRecoveries < 0) throw new InvalidConfigError(`--pin-recoveries must be 0 or more, got ${pinRecoveries}`)
  if (pinPollInterval !== undefined && pinPollInterval <= 0) throw new InvalidConfigError(`--pin-poll-interval must be positive (ms), got ${pinPollInterval}`)
  if (repoStatTtl !== undefined && repoStatTtl < 0) throw new InvalidConfigError(`--repo-stat-ttl must be 0 or more (ms), got ${repoStatTtl}`)
  const clusterOnly = [clusterPinLs, clusterAdd, pinWaitPolicy, pinWaitTimeout, pinRecoveries, pinPollInterval].some((value) => value !== undefined)
  if (clusterOnly && (merged.cluster ?? []).length === 0) throw new InvalidConfigError('pin/ls, add and pin-wait settings given without --cluster')
  if (repoStatTtl !== undefined && (merged.clusterIpfs ?? []).length === 0) throw new InvalidConfigError('--repo-stat-ttl needs --cluster-ipfs (the daemons whose repo/stat is summed)')
  const pinWait: PinWaitInit = {}
  if (pinWaitPolicy !== undefined) pinWait.policy = pinWaitPolicy
  if (pinWaitTimeout !== undefined) pinWait.timeout = pinWaitTimeout
  if (pinPollInterval !== undefined) pinWait.pollInterval = pinPollInterval
  if (pinRecoveries !== undefined) pinWait.recoveries = pinRecoveries
  return { pinLs: clusterPinLs, addVia: clusterAdd, pinWait: Object.keys(pinWait).length > 0 ? pinWait : undefined, repoStatTtl }
}
