import { startUndercluster } from '@composite-ipfs/testbed'
import { startClusterCliNode, startClusterNode } from './cluster-node.ts'
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
        ? await startClusterCliNode(uc, ['--node-id', nodeIds[i]!, ...init.cliArgs?.(i) ?? []], log)
        : await startClusterNode(uc, { ...init.connector?.(i), nodeId: nodeIds[i]! }))
      log(`composite node ${i + 1} (${nodeIds[i]}) listens on ${nodes[i]!.multiaddr}, in front of the shared undercluster`)
    }
    return { undercluster: uc, nodes, nodeIds, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
