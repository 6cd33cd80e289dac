import { clusterConnector } from '@composite-ipfs/connector-cluster'
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { repoStatAggregator } from '@composite-ipfs/repo-stat'
import { compositeNode, startUndercluster } from '@composite-ipfs/testbed'
import { startCli } from './cli-process.ts'
import type { RingNode } from './multi-ring.ts'
import type { ClusterConnectorInit } from '@composite-ipfs/connector-cluster'
import type { Undercluster, UnderclusterInit } from '@composite-ipfs/testbed'

export interface SharedUnderclusterInit {
  /**
   * How many composite nodes front the one undercluster
   *
   * @default 3
   */
  nodes?: number
  /**
   * Options of the undercluster
   *
   * @default { peers: 2, replicationMin: -1, replicationMax: -1 }
   */
  undercluster?: UnderclusterInit
  /**
   * Extra cluster-connector options of node `i` (in-process nodes)
   *
   * @default () => ({})
   */
  connector?: (i: number) => Omit<ClusterConnectorInit, 'rest'>
  /**
   * Extra `composite-ipfs serve` arguments of node `i` (CLI nodes)
   *
   * @default () => []
   */
  cliArgs?: (i: number) => string[]
  /**
   * How composite nodes run: in this process, or each one as its own `composite-ipfs serve`
   *
   * @default 'in-process'
   */
  mode?: 'in-process' | 'cli'
  /**
   * Progress messages while the topology starts
   *
   * @default () => {}
   */
  log?: (message: string) => void
}

/** One undercluster with several composite nodes in front of it (cylinder, inverse multi-ring) */
export interface SharedUndercluster {
  undercluster: Undercluster
  nodes: RingNode[]
  /** Each node's loop-protection ID, the owner its claims are recorded under */
  nodeIds: string[]
  stop: () => Promise<void>
}

/**
 * Starts an undercluster of real ipfs-cluster peers (each with its own Kubo) and `nodes`
 * composite nodes in front of it, every node with its own stable node ID (`shared-node-<i>`).
 * Overclusters are the caller's: attach them to `nodes[i].multiaddr`.
 */
export async function startSharedUndercluster (init: SharedUnderclusterInit = {}): Promise<SharedUndercluster> {
  const log = init.log ?? (() => {})
  const count = init.nodes ?? 3
  const nodes: RingNode[] = []
  const nodeIds = Array.from({ length: count }, (_, i) => `shared-node-${i}`)
  let undercluster: Undercluster | undefined
  const stop = async (): Promise<void> => {
    await Promise.allSettled(nodes.map(async node => { await node.stop() }))
    await undercluster?.stop()
  }
  try {
    log('starting the shared undercluster')
    undercluster = await startUndercluster({ peers: 2, replicationMin: -1, replicationMax: -1, ...init.undercluster })
    const uc = undercluster
    for (let i = 0; i < count; i++) {
      nodes.push(init.mode === 'cli'
        ? await startCliNode(uc, nodeIds[i]!, init.cliArgs?.(i) ?? [], log)
        : await startNode(uc, nodeIds[i]!, init.connector?.(i) ?? {}))
      log(`composite node ${i + 1} (${nodeIds[i]}) listens on ${nodes[i]!.multiaddr}, in front of the shared undercluster`)
    }
    return { undercluster: uc, nodes, nodeIds, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

async function startNode (uc: Undercluster, nodeId: string, connector: Omit<ClusterConnectorInit, 'rest'>): Promise<RingNode> {
  const daemons = uc.kubos.map(kubo => kubo.apiUrl)
  const backend = clusterConnector({
    rest: uc.restUrls,
    ipfs: kuboConnector({ endpoints: daemons }),
    repoStat: repoStatAggregator({ sources: daemons }),
    ...connector,
    loopDetection: { nodeId, ...(connector.loopDetection === false ? {} : connector.loopDetection) }
  })
  const node = await compositeNode({ backend, middleware: [headerPolicy()] })
  await backend.start?.()
  return node
}

async function startCliNode (uc: Undercluster, nodeId: string, extra: string[], log: (message: string) => void): Promise<RingNode> {
  const args = ['serve', '--listen', '/ip4/127.0.0.1/tcp/0', '--node-id', nodeId,
    ...uc.restUrls.flatMap(url => ['--cluster', url]),
    ...uc.kubos.flatMap(kubo => ['--cluster-ipfs', kubo.apiUrl]),
    ...extra]
  log(`  $ composite-ipfs ${args.join(' ')}`)
  const cli = await startCli(args)
  const { hostname, port } = new URL(cli.url)
  return { url: cli.url, multiaddr: `/ip4/${hostname}/tcp/${port}`, stop: async () => { await cli.stop() } }
}
