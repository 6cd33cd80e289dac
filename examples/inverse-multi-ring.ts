/**
 * The inverse multi-ring ("data partitioning") in code, with real daemons: ONE undercluster
 * shared by two overclusters, A (2 peers) and B (1 peer), through three composite nodes. Each
 * node pins as an owner of its own (a stable node ID and a tenant), so when A unpins a CID that
 * B holds too, the undercluster keeps it for B.
 *
 *   node --import tsx examples/inverse-multi-ring.ts
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

// three composite nodes in front of the same undercluster: two for tenant A, one for tenant B
const nodes = [['a-1', 'A'], ['a-2', 'A'], ['b-1', 'B']].map(([nodeId, tenant]) => {
  const backend = clusterConnector({
    rest: undercluster.restUrls,
    ipfs: kuboConnector({ endpoints: daemons }),
    repoStat: repoStatAggregator({ sources: daemons }),
    nodeId, // the owner its claims are recorded under: keep it stable
    tenant
  })
  return { backend, server: ipfsApiServer({ backend, middleware: [headerPolicy()] }) }
})
const addresses = await Promise.all(nodes.map(async ({ backend, server }) => {
  const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
  await backend.start?.()
  return address!
}))
const a = await startOvercluster({ attach: [addresses[0]!.multiaddr, addresses[1]!.multiaddr] })
const b = await startOvercluster({ attach: [addresses[2]!.multiaddr] })

/** The owners the undercluster's pin of `cid` records */
const owners = async (cid: string): Promise<string> => {
  const pin = await undercluster.peers[0]!.rest<{ metadata: Record<string, string> | null }>(`/allocations/${cid}`)
  return Object.entries(pin.metadata ?? {})
    .filter(([key]) => key.startsWith('composite-owner.'))
    .map(([key, value]) => `${key.slice('composite-owner.'.length)} (tenant ${(JSON.parse(value) as { t?: string }).t ?? '-'})`)
    .join(', ')
}

try {
  const file = join(undercluster.kubos[0]!.repoPath, 'shared.txt')
  await writeFile(file, `held by two tenants, ${new Date().toISOString()}\n`)
  const cid = (await undercluster.kubos[0]!.cli(['add', '-Q', '--pin=false', file])).stdout.trim()
  await a.ctl(['pin', 'add', cid])
  await b.ctl(['pin', 'add', cid])
  await Promise.all([a.waitForStatus(cid, 'pinned', { timeoutMs: 60_000 }), b.waitForStatus(cid, 'pinned', { timeoutMs: 60_000 })])
  console.log(`pinned by A and B: ${cid}, owners: ${await owners(cid)}`)

  await a.ctl(['pin', 'rm', cid])
  await a.waitFor(async () => !(await owners(cid)).includes('tenant A'), { timeoutMs: 60_000, message: 'A\'s claims to go' })
  console.log(`after A unpinned: owners: ${await owners(cid)}`)
  const held = await Promise.all(undercluster.kubos.map(async kubo => await kubo.rpc('pin/ls', { arg: cid }).then(() => 'pinned', () => 'not pinned')))
  console.log(`undercluster Kubos: ${held.join(', ')}`)
  const status = await b.waitForStatus(cid, 'pinned', { timeoutMs: 30_000 })
  console.log(`overcluster B: ${Object.values(status.peer_map).map(p => p.status).join(', ')}`)
} finally {
  await Promise.all([a.stop(), b.stop()])
  await Promise.all(nodes.map(async ({ backend, server }) => { await server.close(); await backend.stop?.() }))
  await undercluster.stop()
}
