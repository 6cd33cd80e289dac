/**
 * The cylinder in code, with real daemons: an overcluster of 3 peers, each attached to its own
 * composite node, all three nodes in front of ONE undercluster. The overcluster pins with
 * replication 2 and then moves a replica to its third peer: the peer that lets go unpins through
 * its node while another node still holds the CID, and the undercluster keeps it throughout.
 *
 *   node --import tsx examples/cylinder.ts
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { clusterConnector } from '@composite-ipfs/connector-cluster'
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { repoStatAggregator } from '@composite-ipfs/repo-stat'
import { ipfsApiServer } from '@composite-ipfs/server'
import { startOvercluster, startUndercluster } from '@composite-ipfs/testbed'

const undercluster = await startUndercluster({ peers: 2 })
const daemons = undercluster.kubos.map(kubo => kubo.apiUrl)
const nodes = ['cyl-1', 'cyl-2', 'cyl-3'].map(nodeId => {
  const backend = clusterConnector({
    rest: undercluster.restUrls,
    ipfs: kuboConnector({ endpoints: daemons }),
    repoStat: repoStatAggregator({ sources: daemons }),
    nodeId
  })
  return { backend, server: ipfsApiServer({ backend, middleware: [headerPolicy()] }) }
})
const addresses = await Promise.all(nodes.map(async ({ backend, server }) => {
  const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
  await backend.start?.()
  return address!
}))
const overcluster = await startOvercluster({ attach: addresses.map(address => address.multiaddr), replicationMin: 2, replicationMax: 2 })

/** Which overcluster peers hold `cid`, and which nodes own the undercluster's pin */
const where = async (cid: string): Promise<string> => {
  const top = await overcluster.peers[0]!.rest<{ allocations: string[] }>(`/allocations/${cid}`)
  const peers = overcluster.peers.map((peer, i) => top.allocations.includes(peer.id) ? `peer ${i + 1}` : '').filter(p => p !== '')
  const pin = await undercluster.peers[0]!.rest<{ metadata: Record<string, string> | null }>(`/allocations/${cid}`)
  const owners = Object.keys(pin.metadata ?? {}).filter(key => key.startsWith('composite-owner.')).map(key => key.slice('composite-owner.'.length))
  return `overcluster ${peers.join(' + ')}; undercluster pin owned by ${owners.sort().join(' + ')}`
}

try {
  await overcluster.waitForMetrics('freespace', { timeoutMs: 60_000 })
  const file = join(undercluster.kubos[0]!.repoPath, 'cylinder.txt')
  await writeFile(file, `pinned through a cylinder at ${new Date().toISOString()}\n`)
  const cid = (await undercluster.kubos[0]!.cli(['add', '-Q', '--pin=false', file])).stdout.trim()
  const [p1, p2, p3] = overcluster.peers.map(peer => peer.id)
  await overcluster.ctl(['pin', 'add', '--rmin', '2', '--rmax', '2', '--allocations', `${p1},${p2}`, cid])
  await overcluster.waitForStatus(cid, 'pinned', { timeoutMs: 60_000 })
  console.log(`placed: ${await where(cid)}`)

  // move one replica to peer 3: down to one replica, then up to two with peer 3 preferred. The
  // overcluster allocates among the peers with a valid freespace metric: if peer 3's lapsed
  // meanwhile (a busy machine), the move is made again
  const allocations = async (): Promise<string[]> => (await overcluster.peers[0]!.rest<{ allocations: string[] }>(`/allocations/${cid}`)).allocations
  await overcluster.waitFor(async () => {
    await overcluster.ctl(['pin', 'add', '--rmin', '1', '--rmax', '1', cid])
    const [kept] = await overcluster.waitFor(async () => { const now = await allocations(); return now.length === 1 ? now : undefined }, { timeoutMs: 30_000 })
    await overcluster.waitForMetrics('freespace', { timeoutMs: 60_000 })
    await overcluster.ctl(['pin', 'add', '--rmin', '2', '--rmax', '2', '--allocations', `${kept},${p3}`, cid])
    const now = await overcluster.waitFor(async () => { const two = await allocations(); return two.length === 2 ? two : undefined }, { timeoutMs: 30_000 })
    return now.includes(p3!)
  }, { timeoutMs: 150_000, intervalMs: 100 })
  // the peer that let go unpins through its node; the new one claims through node 3
  await overcluster.waitForStatus(cid, 'pinned', { timeoutMs: 60_000 })
  await overcluster.waitFor(async () => {
    const text = await where(cid)
    return text.includes('cyl-3') && text.split('owned by ')[1]!.split(' + ').length === 2
  }, { timeoutMs: 60_000 })
  console.log(`moved: ${await where(cid)}`)
  const held = await Promise.all(undercluster.kubos.map(async kubo => await kubo.rpc('pin/ls', { arg: cid }).then(() => 'pinned', () => 'not pinned')))
  console.log(`undercluster Kubos: ${held.join(', ')}`)
} finally {
  await overcluster.stop()
  await Promise.all(nodes.map(async ({ backend, server }) => { await server.close(); await backend.stop?.() }))
  await undercluster.stop()
}
