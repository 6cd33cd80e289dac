import { clusterConnector } from '@composite-ipfs/connector-cluster'
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { repoStatAggregator } from '@composite-ipfs/repo-stat'
import { compositeNode, startOvercluster, startUndercluster } from '@composite-ipfs/testbed'
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
   * Progress messages while the topology starts
   *
   * @default () => {}
   */
  log?: (message: string) => void
}

/** A multi-ring topology: an overcluster whose peers each drive a composite node in front of its own undercluster */
export interface MultiRing {
  underclusters: Undercluster[]
  nodes: CompositeNode[]
  overcluster: Overcluster
  stop: () => Promise<void>
}

async function startCompositeNode (uc: Undercluster, connector: MultiRingInit['connector']): Promise<CompositeNode> {
  const daemons = uc.kubos.map(kubo => kubo.apiUrl)
  const backend = clusterConnector({
    rest: uc.restUrls,
    ipfs: kuboConnector({ endpoints: daemons }),
    repoStat: repoStatAggregator({ sources: daemons }),
    ...connector
  })
  return await compositeNode({ backend, middleware: [headerPolicy()] })
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
  const nodes: CompositeNode[] = []
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
      nodes.push(await startCompositeNode(underclusters[i], init.connector))
      log(`composite node ${i + 1} listens on ${nodes[i].multiaddr}, in front of ${underclusters[i].restUrls.join(', ')}`)
    }
    log(`starting the overcluster (${count} peers attached to the composite nodes)`)
    overcluster = await startOvercluster({ ...init.overcluster, attach: nodes.map(node => node.multiaddr) })
    return { underclusters, nodes, overcluster, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
