/**
 * The multi-ring topology in code, with real daemons: two underclusters, a composite node in
 * front of each (server + cluster connector + Kubo connector + repo-stat aggregator + header
 * policy), and an overcluster attached to the composite nodes. It pins a CID through the
 * overcluster and prints where it landed, then stops everything.
 *
 *   node --import tsx examples/multi-ring.ts
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { clusterConnector } from '@composite-ipfs/connector-cluster'
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { repoStatAggregator } from '@composite-ipfs/repo-stat'
import { ipfsApiServer } from '@composite-ipfs/server'
import { connectKubos, startOvercluster, startUndercluster } from '@composite-ipfs/testbed'

const underclusters = await Promise.all([startUndercluster({ peers: 2 }), startUndercluster({ peers: 2 })])
await connectKubos(underclusters.flatMap(uc => uc.kubos))

// one composite node per undercluster: this is all a host app needs
const servers = underclusters.map(uc => {
  const daemons = uc.kubos.map(kubo => kubo.apiUrl)
  const backend = clusterConnector({
    rest: uc.restUrls,
    ipfs: kuboConnector({ endpoints: daemons }),
    repoStat: repoStatAggregator({ sources: daemons })
  })
  return ipfsApiServer({ backend, middleware: [headerPolicy()] })
})
const addresses = await Promise.all(servers.map(async server => (await server.listen(['/ip4/127.0.0.1/tcp/0']))[0]))
const overcluster = await startOvercluster({ attach: addresses.map(a => a.multiaddr) })

try {
  const file = join(underclusters[0].kubos[0].repoPath, 'multi-ring.txt')
  await writeFile(file, `pinned through an overcluster at ${new Date().toISOString()}\n`)
  const cid = (await underclusters[0].kubos[0].cli(['add', '-Q', '--pin=false', file])).stdout.trim()
  await overcluster.ctl(['pin', 'add', cid])
  await overcluster.waitForStatus(cid, 'pinned', { timeoutMs: 60_000 })
  for (const [i, uc] of underclusters.entries()) {
    for (const kubo of uc.kubos) {
      const pins = await kubo.rpc<{ Keys: Record<string, { Type: string }> }>('pin/ls', { arg: cid })
      console.log(`undercluster ${i + 1}, ${kubo.name}: ${cid} ${pins.Keys[cid].Type}`)
    }
  }
} finally {
  await overcluster.stop()
  await Promise.all(servers.map(async server => { await server.close() }))
  await Promise.all(underclusters.map(async uc => { await uc.stop() }))
}
