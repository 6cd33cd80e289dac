import { connectKubos, startOvercluster, startUndercluster } from '@composite-ipfs/testbed'
import { startClusterCliNode, startClusterNode } from './cluster-node.ts'
import type { ClusterConnectorInit } from '@composite-ipfs/connector-cluster'
import type { CompositeNode, Overcluster, OverclusterInit, Undercluster, UnderclusterInit } from '@composite-ipfs/testbed'

export interface MultiRingInit {
  /**
   * How many underclusters, each behind its own composite node, each node attached to one overcluster peer
   *
   * @default 2
   */
  underclusters?: number
  /**
   * Options of every undercluster (peers, replication factors...)
   *
   * @default { peers: 2, replicationMin: -1, replicationMax: -1 }
   */
  undercluster?: UnderclusterInit
  /**
   * Options of the overcluster (replication factors, pin_timeout...)
   *
   * @default {}
   */
  overcluster?: Omit<OverclusterInit, 'attach'>
  /**
   * Extra cluster-connector options of every composite node (pin wait policy, replication...)
   *
   * @default {}
   */
  connector?: Omit<ClusterConnectorInit, 'rest'>
  /**
   * How composite nodes run: `in-process` (an `ipfsApiServer` in this process, fast, for
   * tests), or `cli` (each one a `composite-ipfs serve --cluster ...` process, as an operator runs it)
   *
   * @default 'in-process'
   */
  nodes?: 'in-process' | 'cli'
  /**
   * Progress messages while the topology starts
   *
   * @default () => {}
   */
  log?: (message: string) => void
}

/** What the topology needs of a composite node, in this process or in its own */
export type RingNode = Pick<CompositeNode, 'url' | 'multiaddr' | 'stop'>

/** A multi-ring topology: an overcluster whose peers each drive a composite node in front of its own undercluster */
export interface MultiRing {
  underclusters: Undercluster[]
  nodes: RingNode[]
  overcluster: Overcluster
  stop: () => Promise<void>
}

/**
 * Starts the seed's first topology with real daemons: N underclusters of real ipfs-cluster
 * peers (each with its own Kubo), one composite node per undercluster, and an overcluster
 * with one peer attached to each composite node.
 */
export async function startMultiRing (init: MultiRingInit = {}): Promise<MultiRing> {
  const log = init.log ?? (() => {})
  const count = init.underclusters ?? 2
  const underclusters: Undercluster[] = []
  const nodes: RingNode[] = []
  let overcluster: Overcluster | undefined
  const stop = async (): Promise<void> => {
    await overcluster?.stop()
    await Promise.allSettled(nodes.map(async node => { await node.stop() }))
    await Promise.allSettled(underclusters.map(async uc => { await uc.stop() }))
  }
  try {
    for (let i = 0; i < count; i++) {
      log(`starting undercluster ${i + 1}/${count}`)
      underclusters.push(await startUndercluster({ peers: 2, replicationMin: -1, replicationMax: -1, ...init.undercluster }))
    }
    // test Kubos have no bootstrap peers or DHT: connect them as the public network would
    await connectKubos(underclusters.flatMap(uc => uc.kubos))
    for (const [i, uc] of underclusters.entries()) {
      nodes.push(init.nodes === 'cli' ? await startClusterCliNode(uc, [], log) : await startClusterNode(uc, init.connector))
      log(`composite node ${i + 1} listens on ${nodes[i].multiaddr}, in front of undercluster ${i + 1} (${uc.restUrls.join(', ')})`)
    }
    log(`starting the overcluster (${count} peers attached to the composite nodes)`)
    overcluster = await startOvercluster({ ...init.overcluster, attach: nodes.map(node => node.multiaddr) })
    return { underclusters, nodes, overcluster, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
