import { randomUUID } from 'node:crypto'
import { basicAuthorization, NotSupportedError, redactUrl } from '@composite-ipfs/interface'
import { ClientClosedError } from '@composite-ipfs/rpc-client'
import { add } from './add.ts'
import { FrontRegistry } from './capacity/registry.ts'
import { isShare, shareOf } from './capacity/share.ts'
import { deadPeers } from './dead-peers.ts'
import { InvalidConfigError } from './errors.ts'
import { repoGc } from './gc.ts'
import { ensureOpen } from './delegate.ts'
import { Identity } from './identity.ts'
import { IpfsCommands } from './ipfs-commands.ts'
import { createLoopDetector } from './loop/create.ts'
import { pinAdd } from './pin-add.ts'
import { pinLs } from './pin-ls.ts'
import { OverclusterLookup } from './overcluster.ts'
import { ClaimKeeper } from './owners/claim-keeper.ts'
import { MIN_RELEASE_GRACE, RESERVED_PREFIX, TENANT_PATTERN, TENANT_RULE } from './owners/claim-record.ts'
import { pinRm, pinUpdate } from './pin-ops.ts'
import { RestClient } from './rest-client.ts'
import { statusBatcher } from './status-batch.ts'
import type { ClusterContext } from './context.ts'
import type { ClusterConnectorInit, OverclusterInit } from './init.ts'
import type { AddEvent, AddOptions, Backend, FileEntry, GcEvent, IdOptions, IdResult, PinAddEvent, PinAddOptions, PinLsEntry, PinLsOptions, PinRmOptions, PinsResult, PinUpdateOptions, RepoGcOptions, RepoStat, RepoStatOptions, VersionOptions, VersionResult } from '@composite-ipfs/interface'
import type { Endpoint } from '@composite-ipfs/rpc-client'

/** ms between a waiting pin's first and second status poll (see `PinWaitInit.pollInterval`) */
const DEFAULT_POLL_INTERVAL = 200

/** The Kubo version answered when neither `version` nor an `ipfs` backend says otherwise */
const DEFAULT_VERSION = '0.42.0'

/** A connector (a `Backend`) over an undercluster's REST API (see `clusterConnector`) */
export class ClusterConnector extends IpfsCommands implements Backend {
  readonly name = 'cluster'
  protected readonly ctx: ClusterContext
  private readonly identity: Identity
  private readonly registry?: FrontRegistry
  private lifetime = new AbortController()

  constructor (private readonly init: ClusterConnectorInit) {
    super()
    const endpoints = withAuthorization(init)
    const wait = init.pinWait ?? {}
    const progressInterval = wait.progressInterval ?? 10_000
    if (progressInterval <= 0 || progressInterval >= 15_000) {
      throw new InvalidConfigError(`pinWait.progressInterval must be between 0 and 15000 ms, got ${progressInterval}`)
    }
    const recoveries = wait.recoveries ?? 3
    if (!Number.isInteger(recoveries) || recoveries < 0) {
      throw new InvalidConfigError(`pinWait.recoveries must be a whole number of 0 or more, got ${String(recoveries)}`)
    }
    const pinLsMode = init.pinLs ?? 'status'
    if (pinLsMode !== 'status' && pinLsMode !== 'pinset') {
      throw new InvalidConfigError(`pinLs must be 'status' or 'pinset', got ${String(pinLsMode)}`)
    }
    const addVia = init.addVia ?? 'cluster'
    if (addVia !== 'cluster' && addVia !== 'kubo') {
      throw new InvalidConfigError(`addVia must be 'cluster' or 'kubo', got ${String(addVia)}`)
    }
    const rest = new RestClient({ endpoints, timeouts: init.timeouts, retries: init.retries, dispatcher: init.dispatcher })
    const label = endpoints.map(e => redactUrl(e.url)).join(',')
    const nodeId = init.nodeId ?? (init.loopDetection === false ? undefined : init.loopDetection?.nodeId) ?? `cn-${randomUUID()}`
    checkOwnership(init)
    const showUnderclusterPins = init.showUnderclusterPins ?? true
    this.ctx = {
      rest,
      lifetime: this.lifetime.signal,
      label,
      defaults: { replicationMin: init.replicationMin, replicationMax: init.replicationMax, name: init.name, metadata: init.metadata },
      wait: {
        policy: wait.policy ?? 'replication-min',
        timeout: wait.timeout ?? 30 * 60_000,
        pollInterval: wait.pollInterval ?? DEFAULT_POLL_INTERVAL,
        maxPollInterval: Math.max(wait.pollInterval ?? DEFAULT_POLL_INTERVAL, 5_000),
        progressInterval,
        recoveries
      },
      pinLs: pinLsMode,
      addVia,
      pinStatus: statusBatcher(rest),
      deadPeers: deadPeers(rest),
      ipfs: init.ipfs,
      loop: createLoopDetector(rest, label, init.loopDetection === false ? false : { ...init.loopDetection, nodeId }),
      nodeId,
      tenant: init.tenant,
      showUnderclusterPins,
      passthroughAllow: init.passthroughAllow ?? [],
      claims: new ClaimKeeper({
        rest,
        nodeId,
        grace: init.releaseGrace ?? 3_600_000,
        recheckDelay: init.recheckDelay ?? 2_000,
        showUndercluster: showUnderclusterPins,
        alone: async () => await this.registry?.alone() ?? false,
        // without a registry (a fixed capacity share) nobody knows: assume other nodes write too
        contended: () => this.registry === undefined || this.registry.shared(),
        logger: init.logger
      }),
      overcluster: init.overcluster === undefined ? undefined : new OverclusterLookup({ endpoints: withAuthorization(init.overcluster), replication: init.overcluster.replication ?? 'node', logger: init.logger }),
      logger: init.logger
    }
    if ((init.capacityShare ?? 'auto') === 'auto') {
      this.registry = new FrontRegistry({ rest, nodeId, tenant: init.tenant, interval: init.registryInterval ?? 30_000, logger: init.logger })
    }
    this.identity = new Identity(this.ctx, { peerId: init.peerId, addresses: init.addresses })
  }

  /**
   * Starts the inception check on the undercluster's peers in the background (loop detection),
   * and registers this node among those in front of the undercluster (`capacityShare: 'auto'`)
   */
  async start (): Promise<void> {
    if (this.lifetime.signal.aborted) {
      // started again after stop(): new pools and a new lifetime
      this.lifetime = new AbortController()
      this.ctx.lifetime = this.lifetime.signal
      this.ctx.rest.open()
      this.ctx.overcluster?.open()
    }
    this.ctx.claims.start()
    this.ctx.loop?.prime()
    await this.registry?.start()
  }

  async stop (): Promise<void> {
    this.lifetime.abort(new ClientClosedError('the cluster connector is stopped'))
    await this.registry?.stop()
    this.ctx.claims.stop()
    // the `ipfs` backend belongs to the host: it stops it
    await Promise.all([this.ctx.rest.close(), this.ctx.overcluster?.close()])
  }

  async id (peerId: string | undefined, options?: IdOptions): Promise<IdResult> {
    const id = await this.identity.id(peerId, options)
    // this node's own identity carries its loop marker, so it can recognise itself below
    const self = peerId === undefined || peerId === id.ID
    return self && this.ctx.loop !== undefined ? this.ctx.loop.mark(id) : id
  }

  async version (options?: VersionOptions): Promise<VersionResult> {
    ensureOpen(this.ctx)
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

  /** The undercluster's repo/stat, scaled to this node's share of it (see `capacityShare`) */
  async repoStat (options?: RepoStatOptions): Promise<RepoStat> {
    const share = this.init.capacityShare === undefined || this.init.capacityShare === 'auto'
      ? { numerator: 1n, denominator: BigInt(this.registry?.count() ?? 1) }
      : this.init.capacityShare
    if (this.init.repoStat !== undefined) return shareOf(await this.init.repoStat.repoStat(options), share)
    if (this.init.ipfs?.repoStat !== undefined) return shareOf(await this.init.ipfs.repoStat(options), share)
    throw new NotSupportedError(`repo/stat needs a repoStat provider or the IPFS endpoints of undercluster ${this.ctx.label} (the \`repoStat\` or \`ipfs\` option of clusterConnector)`)
  }
}

/** Checks the ownership settings: a tenant label, unreserved metadata keys, a positive grace */
function checkOwnership (init: ClusterConnectorInit): void {
  if (init.tenant !== undefined && !TENANT_PATTERN.test(init.tenant)) {
    throw new InvalidConfigError(`tenant must be ${TENANT_RULE}, got "${init.tenant}"`)
  }
  for (const key of Object.keys(init.metadata ?? {})) {
    if (key === '' || key.startsWith(RESERVED_PREFIX)) throw new InvalidConfigError(`metadata key "${key}" is ${key === '' ? 'empty' : `reserved (keys starting with ${RESERVED_PREFIX} are written by composite nodes)`}`)
  }
  if (init.releaseGrace !== undefined && !(init.releaseGrace >= MIN_RELEASE_GRACE)) throw new InvalidConfigError(`releaseGrace must be at least ${MIN_RELEASE_GRACE} ms, got ${init.releaseGrace}`)
  const share = init.capacityShare
  if (share !== undefined && share !== 'auto' && !isShare(share)) {
    throw new InvalidConfigError(`capacityShare must be 'auto' or a fraction in (0, 1], got ${share.numerator}/${share.denominator}`)
  }
}

/** Endpoint objects carrying the connector-wide credentials where they have none of their own */
function withAuthorization (init: Pick<ClusterConnectorInit, 'rest' | 'basicAuth' | 'token'> | OverclusterInit): Endpoint[] {
  if (init.rest.length === 0) throw new InvalidConfigError('clusterConnector needs at least one REST endpoint')
  const shared = init.basicAuth !== undefined
    ? basicAuthorization(init.basicAuth.username, init.basicAuth.password)
    : init.token !== undefined ? `Bearer ${init.token}` : undefined
  return init.rest.map(e => {
    const endpoint = typeof e === 'string' ? { url: e } : { ...e }
    if (endpoint.authorization === undefined && shared !== undefined) endpoint.authorization = shared
    return endpoint
  })
}
