import { clusterConnector } from '@composite-ipfs/connector-cluster'
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { repoStatAggregator } from '@composite-ipfs/repo-stat'
import { compositeNode } from '@composite-ipfs/testbed'
import { startCli } from './cli-process.ts'
import type { RingNode } from './multi-ring.ts'
import type { ClusterConnectorInit } from '@composite-ipfs/connector-cluster'
import type { Undercluster } from '@composite-ipfs/testbed'

/**
 * A composite node in this process in front of `uc`, as a host app composes one: the cluster
 * connector over its REST API, a Kubo connector and the repo/stat aggregator over its Kubos
 */
export async function startClusterNode (uc: Undercluster, connector: Omit<ClusterConnectorInit, 'rest'> = {}): Promise<RingNode> {
  const daemons = uc.kubos.map(kubo => kubo.apiUrl)
  const backend = clusterConnector({
    rest: uc.restUrls,
    ipfs: kuboConnector({ endpoints: daemons }),
    repoStat: repoStatAggregator({ sources: daemons }),
    ...connector
  })
  const node = await compositeNode({ backend, middleware: [headerPolicy()] })
  await backend.start?.()
  return node
}

/** A composite node run as its own `composite-ipfs serve --cluster ... <extra>` process, as an operator runs it */
export async function startClusterCliNode (uc: Undercluster, extra: string[], log: (message: string) => void): Promise<RingNode> {
  const args = ['serve', '--listen', '/ip4/127.0.0.1/tcp/0',
    ...uc.restUrls.flatMap(url => ['--cluster', url]),
    ...uc.kubos.flatMap(kubo => ['--cluster-ipfs', kubo.apiUrl]),
    ...extra]
  log(`  $ composite-ipfs ${args.join(' ')}`)
  const cli = await startCli(args)
  const { hostname, port } = new URL(cli.url)
  return { url: cli.url, multiaddr: `/ip4/${hostname}/tcp/${port}`, stop: async () => { await cli.stop() } }
}
