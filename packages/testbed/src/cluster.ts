import { clusterSecret, prepareClusterPeer } from './cluster-peer.ts'
import { binaries as findBinaries } from './binaries.ts'
import { parseJsonSequence } from './json-sequence.ts'
import { runCommand } from './run-command.ts'
import { waitFor } from './wait-for.ts'
import type { ClusterPeerOptions } from './cluster-options.ts'
import type { ClusterPeer, PreparedClusterPeer } from './cluster-peer.ts'
import type { KuboDaemon } from './kubo.ts'
import type { CommandResult } from './run-command.ts'
import type { WaitForOptions } from './wait-for.ts'

export interface CtlResult extends CommandResult {
  /** stdout parsed as a sequence of JSON values (`--enc json` prints one per value) */
  json<T = unknown>(): T[]
}

export interface CtlOptions {
  /**
   * Index of the peer to talk to.
   *
   * @default 0
   */
  peer?: number
}

/** `GET /pins/<cid>` of the REST API (`GlobalPinInfo`), the fields tests look at */
export interface GlobalPinInfo {
  cid: string
  name: string
  allocations: string[]
  peer_map: Record<string, { peername: string, status: string, error: string, ipfs_peer_id?: string }>
}

/** A running ipfs-cluster: several peers sharing one secret, all seeing each other */
export interface Cluster<Peer extends ClusterPeer = ClusterPeer> {
  readonly peers: Peer[]
  /** Every peer's REST API URL, in peer order */
  readonly restUrls: string[]
  /** The 32-byte hex cluster secret */
  readonly secret: string
  /** Runs `ipfs-cluster-ctl --host <peer REST> --enc json <args>`; never throws on a non-zero exit */
  ctl(args: string[], options?: CtlOptions): Promise<CtlResult>
  /** Polls `check` until it returns a value other than `undefined`, `null` or `false` */
  waitFor<T>(check: () => Promise<T | undefined | null | false>, options?: WaitForOptions): Promise<T>
  /**
   * Waits until every allocated peer reports `status` for `cid` in `GET /pins/<cid>`
   * (peers with `remote` are not allocated and are skipped).
   */
  waitForStatus(cid: string, status?: string, options?: WaitForOptions): Promise<GlobalPinInfo>
  /** Waits until `GET /monitor/metrics/<name>` on peer 0 has a valid metric from every peer */
  waitForMetrics(name?: string, options?: WaitForOptions): Promise<unknown[]>
  /** Stops every peer (and whatever the cluster owns, e.g. an undercluster's Kubos). Safe to call twice. */
  stop(): Promise<void>
}

export interface StartClusterInit extends ClusterPeerOptions {
  /** The IPFS daemon of each peer; the cluster has one peer per entry */
  ipfsMultiaddrs: string[]
  /** An undercluster peer's own Kubo, by index */
  kubos?: KuboDaemon[]
  /** Peer names are `<namePrefix>-<index>` */
  namePrefix: string
  connectSwarmsDelay: string
}

function throwFirstRejection (results: Array<PromiseSettledResult<unknown>>): void {
  const failed = results.find((result) => result.status === 'rejected')
  if (failed !== undefined) throw failed.reason
}

/** Prepares every peer's folder at once, starts peer 0, then the others bootstrapped to it, then waits until all peers see each other */
export async function startCluster<Peer extends ClusterPeer> (init: StartClusterInit, extraStop: () => Promise<void> = async () => {}): Promise<Cluster<Peer>> {
  const bins = init.binaries ?? await findBinaries()
  const secret = clusterSecret()
  const peers: ClusterPeer[] = []
  const prepared: PreparedClusterPeer[] = []
  const stop = async (): Promise<void> => {
    // discard() is also the launched peer's stop()
    await Promise.allSettled(prepared.map(async (peer) => { await peer.discard() }))
    await extraStop()
  }
  try {
    const preparing = await Promise.allSettled(init.ipfsMultiaddrs.map(async (ipfsMultiaddr, index) => await prepareClusterPeer({
      ...init,
      binaries: bins,
      secret,
      peername: `${init.namePrefix}-${index}`,
      ipfsMultiaddr,
      kubo: init.kubos?.[index]
    })))
    preparing.forEach((result, index) => { if (result.status === 'fulfilled') prepared[index] = result.value })
    throwFirstRejection(preparing)
    // peer 0 first: the others join it
    peers[0] = await prepared[0].launch([])
    const joining = await Promise.allSettled(prepared.slice(1).map(async (peer, i) => {
      peers[i + 1] = await peer.launch(peers[0].clusterAddresses)
    }))
    throwFirstRejection(joining)
    await Promise.all(peers.map(async (peer) => await waitFor(async () => {
      const seen = await peer.restLines<{ id: string }>('/peers')
      return seen.length === peers.length
    }, { timeoutMs: init.startTimeoutMs ?? 60_000, message: `${peer.name} to see all ${peers.length} peers` })))
  } catch (err) {
    await stop()
    throw err
  }

  const cluster: Cluster<Peer> = {
    peers: peers as Peer[],
    restUrls: peers.map((peer) => peer.restUrl),
    secret,
    async ctl (args, options = {}) {
      const peer = peers[options.peer ?? 0]
      const [user, password] = Object.entries(init.restBasicAuth ?? {})[0] ?? []
      const tls = init.restTls
      // ctl refuses Basic auth over plain HTTP unless forced
      const auth = user === undefined ? [] : ['--basic-auth', `${user}:${password}`, ...(tls === undefined ? ['--force-http'] : [])]
      // ctl cannot be given a CA, but Go reads SSL_CERT_FILE for its trust store
      const https = tls === undefined ? [] : ['--https']
      const env = tls === undefined ? undefined : { ...process.env, SSL_CERT_FILE: tls.caFile ?? tls.certFile }
      const result = await runCommand(bins.clusterCtl, ['--host', peer.restMultiaddr, '--enc', 'json', ...auth, ...https, ...args], { env })
      return { ...result, json: <T>() => parseJsonSequence(result.stdout) as T[] }
    },
    waitFor: async (check, options) => await waitFor(check, options),
    async waitForStatus (cid, status = 'pinned', options = {}) {
      return await waitFor(async () => {
        const info = await peers[0].rest<GlobalPinInfo>(`/pins/${cid}`)
        const allocated = Object.values(info.peer_map).filter((peer) => peer.status !== 'remote')
        return allocated.length > 0 && allocated.every((peer) => peer.status === status) ? info : undefined
      }, { message: `${cid} to be ${status} on every allocated peer`, ...options })
    },
    async waitForMetrics (name = 'freespace', options = {}) {
      return await waitFor(async () => {
        const metrics = await peers[0].rest<Array<{ peer: string, valid: boolean }> | null>(`/monitor/metrics/${name}`)
        const fromPeers = new Set((metrics ?? []).filter((metric) => metric.valid).map((metric) => metric.peer))
        return peers.every((peer) => fromPeers.has(peer.id)) ? metrics ?? [] : undefined
      }, { message: `a ${name} metric from every peer`, ...options })
    },
    stop
  }
  return cluster
}
