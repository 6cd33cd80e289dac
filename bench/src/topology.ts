import { startUndercluster } from '@composite-ipfs/testbed'
import { startCliNode } from './cli-node.ts'
import type { CliNode } from './cli-node.ts'
import type { KuboDaemon, Undercluster, UnderclusterPeer } from '@composite-ipfs/testbed'

/** One undercluster (proxy on) with the composite nodes in front of it */
export interface ClusterSide {
  cluster: Undercluster
  /** Peer 0: its Kubo, its REST API and its IPFS proxy are the ones measured */
  peer: UnderclusterPeer
  kubo: KuboDaemon
  restUrl: string
  proxyUrl: string
  /** `composite-ipfs serve --cluster <every REST URL> --cluster-ipfs <every Kubo URL>` */
  compositeCluster: CliNode
}

/** Everything the benchmark talks to, all on loopback */
export interface Topology {
  /**
   * A 1-peer undercluster: its Kubo is "the" Kubo of the Kubo comparisons, fronted by
   * ipfs-cluster's proxy and by a composite node with the Kubo connector
   */
  single: ClusterSide & {
    /** `composite-ipfs serve --kubo <the Kubo>` */
    composite: CliNode
    /** Like `compositeCluster`, with `--cluster-pin-ls pinset` (pin/ls lists the shared pinset, as the proxy does) */
    compositeClusterPinset: CliNode
  }
  /** A 3-peer undercluster, for pins through a cluster and repo/stat over several peers */
  triple: ClusterSide & {
    /** Like `compositeCluster`, with `--repo-stat-ttl 0` (the aggregator asks the 3 Kubos on every repo/stat) */
    compositeUncached: CliNode
    /** Like `compositeCluster`, pinning on one peer of the three (`--replication-min 1 --replication-max 1`) */
    compositeOneReplica: CliNode
  }
  /** Every CLI node, for profiles and cleanup */
  nodes: CliNode[]
  stop(): Promise<void>
}

export interface StartTopologyInit {
  /** The bundled CLI */
  bin: string
  /** `--cpu-prof` folder for the CLI nodes */
  cpuProfDir?: string
  /** Extra Node.js flags for the CLI nodes */
  nodeFlags?: string[]
  /** Told what is starting */
  log?: (text: string) => void
}

function proxyOf (peer: UnderclusterPeer): string {
  if (peer.proxyUrl === undefined) throw new Error(`${peer.name} has no IPFS proxy`)
  return peer.proxyUrl
}

async function compositeOnCluster (init: StartTopologyInit, name: string, cluster: Undercluster, extra: string[] = []): Promise<CliNode> {
  const args = [...cluster.restUrls.flatMap((url) => ['--cluster', url]), ...cluster.kubos.flatMap((kubo) => ['--cluster-ipfs', kubo.apiUrl]), ...extra]
  return await startCliNode({ name, bin: init.bin, args, cpuProfDir: init.cpuProfDir, nodeFlags: init.nodeFlags })
}

/**
 * Starts both underclusters (proxy enabled on every peer) and the three composite nodes, each
 * in its own process. On any failure everything already started is stopped.
 *
 * @example
 * ```ts
 * const topo = await startTopology({ bin: await bundleCli() })
 * try { ... } finally { await topo.stop() }
 * ```
 */
export async function startTopology (init: StartTopologyInit): Promise<Topology> {
  const clusters: Undercluster[] = []
  const nodes: CliNode[] = []
  const stop = async (): Promise<void> => {
    await Promise.allSettled(nodes.map(async (node) => { await node.stop() }))
    await Promise.allSettled(clusters.map(async (cluster) => { await cluster.stop() }))
  }
  try {
    init.log?.('starting a 1-peer and a 3-peer undercluster (Kubo + ipfs-cluster-service with its IPFS proxy)')
    const started = await Promise.allSettled([startUndercluster({ peers: 1, proxy: true }), startUndercluster({ peers: 3, proxy: true })])
    for (const result of started) if (result.status === 'fulfilled') clusters.push(result.value)
    for (const result of started) if (result.status === 'rejected') throw result.reason
    const [one, three] = clusters
    init.log?.('starting the composite nodes (composite-ipfs serve, one process each)')
    const cliNodes = await Promise.allSettled([
      startCliNode({ name: 'composite-kubo', bin: init.bin, args: ['--kubo', one.kubos[0].apiUrl], cpuProfDir: init.cpuProfDir, nodeFlags: init.nodeFlags }),
      compositeOnCluster(init, 'composite-cluster-1', one),
      compositeOnCluster(init, 'composite-cluster-3', three),
      compositeOnCluster(init, 'composite-cluster-1-pinset', one, ['--cluster-pin-ls', 'pinset']),
      compositeOnCluster(init, 'composite-cluster-3-uncached', three, ['--repo-stat-ttl', '0']),
      compositeOnCluster(init, 'composite-cluster-3-one-replica', three, ['--replication-min', '1', '--replication-max', '1'])
    ])
    for (const result of cliNodes) if (result.status === 'fulfilled') nodes.push(result.value)
    for (const result of cliNodes) if (result.status === 'rejected') throw result.reason
    const side = (cluster: Undercluster, compositeCluster: CliNode): ClusterSide => ({
      cluster,
      peer: cluster.peers[0],
      kubo: cluster.peers[0].kubo,
      restUrl: cluster.peers[0].restUrl,
      proxyUrl: proxyOf(cluster.peers[0]),
      compositeCluster
    })
    return { single: { ...side(one, nodes[1]), composite: nodes[0], compositeClusterPinset: nodes[3] }, triple: { ...side(three, nodes[2]), compositeUncached: nodes[4], compositeOneReplica: nodes[5] }, nodes, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
