import { NotSupportedError } from '@composite-ipfs/interface'
import { redactUrl } from '@composite-ipfs/rpc-client'
import { add } from './add.ts'
import { deadPeers } from './dead-peers.ts'
import { InvalidConfigError } from './errors.ts'
import { repoGc } from './gc.ts'
import { Identity } from './identity.ts'
import { IpfsCommands } from './ipfs-commands.ts'
import { createLoopDetector } from './loop/create.ts'
import { pinAdd } from './pin-add.ts'
import { pinLs } from './pin-ls.ts'
import { pinRm, pinUpdate } from './pin-ops.ts'
import { RestClient } from './rest-client.ts'
import { statusBatcher } from './status-batch.ts'
import type { ClusterContext } from './context.ts'
import type { ClusterConnectorInit } from './init.ts'
import type { AddEvent, AddOptions, Backend, FileEntry, GcEvent, IdOptions, IdResult, PinAddEvent, PinAddOptions, PinLsEntry, PinLsOptions, PinRmOptions, PinsResult, PinUpdateOptions, RepoGcOptions, RepoStat, RepoStatOptions, VersionOptions, VersionResult } from '@composite-ipfs/interface'
import type { Endpoint } from '@composite-ipfs/rpc-client'

/** ms between a waiting pin's first and second status poll (see `PinWaitInit.pollInterval`) */
const DEFAULT_POLL_INTERVAL = 200

/** The Kubo version answered when neither `version` nor an `ipfs` backend says otherwise */
const DEFAULT_VERSION = '0.42.0'

/** A backend over an undercluster's REST API (see `clusterConnector`) */
export class ClusterBackend extends IpfsCommands implements Backend {
  readonly name = 'cluster'
  protected readonly ctx: ClusterContext
  private readonly identity: Identity

  constructor (private readonly init: ClusterConnectorInit) {
    super()
    const endpoints = withAuthorization(init)
    const wait = init.pinWait ?? {}
    const progressInterval = wait.progressInterval ?? 10_000
    if (progressInterval <= 0 || progressInterval >= 15_000) {
      throw new InvalidConfigError(`pinWait.progressInterval must be between 0 and 15000 ms, got ${progressInterval}`)
    }
    const pinLsMode = init.pinLs ?? 'status'
    if (pinLsMode !== 'status' && pinLsMode !== 'pinset') {
      throw new InvalidConfigError(`pinLs must be 'status' or 'pinset', got ${String(pinLsMode)}`)
    }
    const rest = new RestClient({ endpoints, timeouts: init.timeouts, retries: init.retries, dispatcher: init.dispatcher })
    const label = endpoints.map(e => e.url.startsWith('/') ? e.url : redactUrl(e.url)).join(',')
    this.ctx = {
      rest,
      label,
      defaults: { replicationMin: init.replicationMin, replicationMax: init.replicationMax, name: init.name, metadata: init.metadata },
      wait: {
        policy: wait.policy ?? 'replication-min',
        timeout: wait.timeout ?? 30 * 60_000,
        pollInterval: wait.pollInterval ?? DEFAULT_POLL_INTERVAL,
        maxPollInterval: Math.max(wait.pollInterval ?? DEFAULT_POLL_INTERVAL, 5_000),
        progressInterval
      },
      pinLs: pinLsMode,
      pinStatus: statusBatcher(rest),
      deadPeers: deadPeers(rest),
      ipfs: init.ipfs,
      loop: createLoopDetector(rest, label, init.loopDetection)
    }
    this.identity = new Identity(this.ctx, { peerId: init.peerId, addresses: init.addresses })
  }

  /** Starts the inception check on the undercluster's peers in the background (loop detection) */
  async start (): Promise<void> {
    this.ctx.loop?.prime()
  }

  async stop (): Promise<void> {
    // the `ipfs` backend belongs to the host: it stops it
    await this.ctx.rest.close()
  }

  async id (peerId: string | undefined, options?: IdOptions): Promise<IdResult> {
    const id = await this.identity.id(peerId, options)
    // this node's own identity carries its loop marker, so it can recognise itself below
    const self = peerId === undefined || peerId === id.ID
    return self && this.ctx.loop !== undefined ? this.ctx.loop.mark(id) : id
  }

  async version (options?: VersionOptions): Promise<VersionResult> {
    if (this.init.version !== undefined) return { Version: this.init.version }
    if (this.init.ipfs?.version !== undefined) return await this.init.ipfs.version(options)
    return { Version: DEFAULT_VERSION }
  }

  // Every command that reaches the REST API is refused under inception: each one would make
  // the undercluster ask this node again (pin/ls and repo/gc fan out to every peer, recursively)
  async * add (entries: AsyncIterable<FileEntry>, options?: AddOptions): AsyncGenerator<AddEvent> {
    if (options?.onlyHash !== true) await this.ctx.loop?.refuseInception('add')
    yield * add(this.ctx, entries, options)
  }

  async * pinAdd (paths: string[], options?: PinAddOptions): AsyncGenerator<PinAddEvent> {
    await this.ctx.loop?.refuseInception('pin/add')
    yield * pinAdd(this.ctx, paths, options)
  }

  async pinRm (paths: string[], options?: PinRmOptions): Promise<PinsResult> {
    await this.ctx.loop?.refuseInception('pin/rm')
    return await pinRm(this.ctx, paths, options)
  }

  async * pinLs (paths: string[], options?: PinLsOptions): AsyncGenerator<PinLsEntry> {
    await this.ctx.loop?.refuseInception('pin/ls')
    yield * pinLs(this.ctx, paths, options)
  }

  async pinUpdate (from: string, to: string, options?: PinUpdateOptions): Promise<PinsResult> {
    await this.ctx.loop?.refuseInception('pin/update')
    return await pinUpdate(this.ctx, from, to, options)
  }

  async * repoGc (options?: RepoGcOptions): AsyncGenerator<GcEvent> {
    await this.ctx.loop?.refuseInception('repo/gc')
    yield * repoGc(this.ctx, options)
  }

  async repoStat (options?: RepoStatOptions): Promise<RepoStat> {
    if (this.init.repoStat !== undefined) return await this.init.repoStat.repoStat(options)
    if (this.init.ipfs?.repoStat !== undefined) return await this.init.ipfs.repoStat(options)
    throw new NotSupportedError(`repo/stat needs a repoStat provider or the IPFS endpoints of undercluster ${this.ctx.label} (the \`repoStat\` or \`ipfs\` option of clusterConnector)`)
  }
}

/** Endpoint objects carrying the connector-wide credentials where they have none of their own */
function withAuthorization (init: ClusterConnectorInit): Endpoint[] {
  if (init.rest.length === 0) throw new InvalidConfigError('clusterConnector needs at least one REST endpoint')
  const shared = init.basicAuth !== undefined
    ? `Basic ${Buffer.from(`${init.basicAuth.username}:${init.basicAuth.password}`).toString('base64')}`
    : init.token !== undefined ? `Bearer ${init.token}` : undefined
  return init.rest.map(e => {
    const endpoint = typeof e === 'string' ? { url: e } : { ...e }
    if (endpoint.authorization === undefined && shared !== undefined) endpoint.authorization = shared
    return endpoint
  })
}
