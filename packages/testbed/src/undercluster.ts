import { binaries as findBinaries } from './binaries.ts'
import { startCluster } from './cluster.ts'
import { startKubo } from './kubo.ts'
import { waitFor } from './wait-for.ts'
import type { Cluster } from './cluster.ts'
import type { ClusterPeerOptions } from './cluster-options.ts'
import type { ClusterPeer } from './cluster-peer.ts'
import type { KuboDaemon, KuboInit } from './kubo.ts'

export interface UnderclusterInit extends ClusterPeerOptions {
  /**
   * Number of cluster peers, each with its own Kubo.
   *
   * @default 2
   */
  peers?: number
  /**
   * Options for every Kubo (e.g. `storageMax`); `binaries` is shared with the cluster.
   *
   * @default {}
   */
  kubo?: Omit<KuboInit, 'binaries' | 'name'>
}

/** An undercluster peer always drives its own Kubo */
export interface UnderclusterPeer extends ClusterPeer {
  readonly kubo: KuboDaemon
}

/** A cluster of ipfs-cluster peers, each driving its own Kubo; the Kubos are swarm-connected */
export interface Undercluster extends Cluster<UnderclusterPeer> {
  readonly kubos: KuboDaemon[]
}

let clusterCount = 0

/**
 * Swarm-connects every pair of the given Kubos. Test Kubos have no bootstrap peers and no
 * mDNS, so daemons that should exchange blocks (e.g. the Kubos of two underclusters behind
 * one overcluster) must be connected explicitly.
 */
export async function connectKubos (kubos: KuboDaemon[]): Promise<void> {
  // every pair once: a libp2p connection is usable both ways. Peering protects the connection
  // from the connection manager and redials it if it drops (test Kubos have no DHT to find each
  // other again), so a busy machine cannot leave a pin waiting for a block it can no longer fetch.
  // Connect first, then add the peering: a peering added first dials in the background, and a
  // connect racing that dial can fail its security handshake (seen on a loaded machine). If the
  // connect still fails, the peering redials: wait until the two are connected.
  await Promise.all(kubos.flatMap((kubo, i) => kubos.slice(i + 1).map(async (other) => {
    const connected = await kubo.rpc('swarm/connect', { arg: other.swarmAddresses[0] }).then(() => true, () => false)
    await kubo.rpc('swarm/peering/add', { arg: other.swarmAddresses[0] })
    if (!connected) {
      await waitFor(async () => {
        const peers = await kubo.rpc<{ Peers: Array<{ Peer: string }> | null }>('swarm/peers')
        return (peers.Peers ?? []).some(peer => peer.Peer === other.peerId)
      }, { timeoutMs: 30_000, message: `${kubo.name} connected to ${other.name}` })
    }
  })))
}

/**
 * Starts an "undercluster": `peers` Kubo daemons, swarm-connected to each other, and one
 * ipfs-cluster peer (CRDT consensus, trusting everyone) driving each of them. Resolves once
 * every peer lists every other in `GET /peers`.
 *
 * @example
 *
 * ```ts
 * import { startUndercluster } from '@composite-ipfs/testbed'
 *
 * const uc = await startUndercluster({ peers: 2, replicationMin: -1, replicationMax: -1 })
 * await uc.peers[0].rest(`/pins/${cid}`, { method: 'POST' })
 * await uc.waitForStatus(cid, 'pinned')
 * await uc.stop()
 * ```
 */
export async function startUndercluster (init: UnderclusterInit = {}): Promise<Undercluster> {
  const bins = init.binaries ?? await findBinaries()
  const count = init.peers ?? 2
  const prefix = `uc${clusterCount++}`
  const started = await Promise.allSettled(Array.from({ length: count }, async (_, i) =>
    await startKubo({ ...init.kubo, binaries: bins, name: `${prefix}-kubo-${i}` })))
  const kubos = started.flatMap((result) => result.status === 'fulfilled' ? [result.value] : [])
  const stopKubos = async (): Promise<void> => { await Promise.allSettled(kubos.map(async (kubo) => { await kubo.stop() })) }
  const failed = started.find((result) => result.status === 'rejected')
  try {
    if (failed !== undefined) throw failed.reason
    await connectKubos(kubos)
  } catch (err) {
    await stopKubos()
    throw err
  }
  const cluster = await startCluster<UnderclusterPeer>({
    ...init,
    binaries: bins,
    connectSwarmsDelay: init.connectSwarmsDelay ?? '0s',
    namePrefix: `${prefix}-peer`,
    ipfsMultiaddrs: kubos.map((kubo) => kubo.apiMultiaddr),
    kubos
  }, stopKubos)
  return Object.assign(cluster, { kubos })
}
