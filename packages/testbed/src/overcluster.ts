import { startCluster } from './cluster.ts'
import type { Cluster } from './cluster.ts'
import type { ClusterPeerOptions } from './cluster-options.ts'

export interface OverclusterInit extends ClusterPeerOptions {
  /**
   * The IPFS daemon of each peer, one peer per entry: usually composite nodes' multiaddrs
   * (`/ip4/127.0.0.1/tcp/PORT` or `/unix/...`). The overcluster starts no Kubo of its own.
   */
  attach: string[]
}

/** A cluster whose peers drive composite nodes (or any daemon speaking the Kubo RPC API) */
export type Overcluster = Cluster

let clusterCount = 0

/**
 * Starts an "overcluster": one ipfs-cluster peer per `attach` address, with
 * `ipfshttp.node_multiaddress` pointing at it. A peer becomes ready only once its daemon
 * answers `id`, so this also checks that the composite nodes speak enough Kubo RPC.
 *
 * @example
 *
 * ```ts
 * import { compositeNode, startOvercluster } from '@composite-ipfs/testbed'
 *
 * const a = await compositeNode({ backend: backendA })
 * const b = await compositeNode({ backend: backendB })
 * const oc = await startOvercluster({ attach: [a.multiaddr, b.multiaddr], pinTimeout: '30s' })
 * await oc.stop()
 * ```
 */
export async function startOvercluster (init: OverclusterInit): Promise<Overcluster> {
  return await startCluster({
    ...init,
    connectSwarmsDelay: init.connectSwarmsDelay ?? '30s',
    namePrefix: `oc${clusterCount++}-peer`,
    ipfsMultiaddrs: init.attach
  })
}
