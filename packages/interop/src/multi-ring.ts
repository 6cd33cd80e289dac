import { clusterConnector } from '@composite-ipfs/connector-cluster'
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { repoStatAggregator } from '@composite-ipfs/repo-stat'
import { compositeNode, connectKubos, startOvercluster, startUndercluster } from '@composite-ipfs/testbed'
import { startCli } from './cli-process.ts'
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

/** A composite node run as its own `composite-ipfs serve` process */
async function startCliNode (uc: Undercluster, log: (message: string) => void): Promise<RingNode> {
  const args = ['serve', '--listen', '/ip4/127.0.0.1/tcp/0',
    ...uc.restUrls.flatMap(url => ['--cluster', url]),
    ...uc.kubos.flatMap(kubo => ['--cluster-ipfs', kubo.apiUrl])]
  log(`  $ composite-ipfs ${args.join(' ')}`)
  const cli = await startCli(args)
  const { hostname, port } = new URL(cli.url)
  return { url: cli.url, multiaddr: `/ip4/${hostname}/tcp/${port}`, stop: async () => { await cli.stop() } }
}

async function startCompositeNode (uc: Undercluster, connector: MultiRingInit['connector']): Promise<RingNode> {
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
      nodes.push(init.nodes === 'cli' ? await startCliNode(uc, log) : await startCompositeNode(uc, init.connector))
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
