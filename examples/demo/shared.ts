import { startSharedUndercluster } from '@composite-ipfs/interop'
import { startOvercluster } from '@composite-ipfs/testbed'
import { addFile, endpoints, show, until } from './steps.ts'
import type { TopologyView } from './placement.ts'
import type { DemoRun } from './run.ts'
import type { SharedUndercluster } from '@composite-ipfs/interop'
import type { Overcluster } from '@composite-ipfs/testbed'

/** Short enough to watch: a released pin leaves the undercluster this long after its last owner unpinned (default 1 h) */
const GRACE = ['--release-grace', '10000']
/** The undercluster removes expired pins at its state sync (upstream default 5 min) */
const UNDERCLUSTER = { peers: 2, replicationMin: -1, replicationMax: -1, serviceConfig: { cluster: { state_sync_interval: '5s' } } }

const owned = (rows: string[][], names: string[]): boolean => rows.some(([level, peer, owners]) => level.endsWith('pin') && peer === 'owners' && names.every(n => owners!.includes(n)))
const gone = (rows: string[][]): boolean => rows.filter(([level]) => level.includes('bottom Kubo')).every(([, , status]) => status === 'not pinned')

/** Starts the overclusters on top of a shared undercluster; stops everything when one fails to start */
async function onTop (shared: SharedUndercluster, start: () => Promise<Overcluster[]>): Promise<{ overclusters: Overcluster[], stop: () => Promise<void> }> {
  let overclusters: Overcluster[] = []
  const stop = async (): Promise<void> => {
    await Promise.allSettled(overclusters.map(async oc => { await oc.stop() }))
    await shared.stop()
  }
  try {
    overclusters = await start()
  } catch (err) {
    await stop()
    throw err
  }
  return { overclusters, stop }
}

/**
 * A cylinder: an overcluster of 3 peers, each attached to its own composite node, all in front of
 * one undercluster. It moves a replica from one overcluster peer to another: the undercluster
 * keeps the CID throughout.
 */
export const cylinder: DemoRun = async ({ dir, say }) => {
  const shared = await startSharedUndercluster({ nodes: 3, mode: 'cli', undercluster: UNDERCLUSTER, cliArgs: () => GRACE, log: say })
  say('starting the overcluster (3 peers, one per composite node, replication 2)')
  const { overclusters: [top], stop } = await onTop(shared, async () => [
    await startOvercluster({ attach: shared.nodes.map(n => n.multiaddr), replicationMin: 2, replicationMax: 2 })
  ]) as { overclusters: [Overcluster], stop: () => Promise<void> }
  const view: TopologyView = {
    overclusters: [{ name: 'overcluster', cluster: top }],
    underclusters: [{ name: 'undercluster', cluster: shared.undercluster, kubos: shared.undercluster.kubos }]
  }
  const steps = async (): Promise<void> => {
    await top.waitForMetrics('freespace', { timeoutMs: 60_000 })
    const [p1, p2, p3] = top.peers.map(p => p.id)
    const cid = await addFile(top, dir, ['--rmin', '2', '--rmax', '2', '--allocations', `${p1},${p2}`, '--name', 'cylinder-demo'], say)
    await top.waitForStatus(cid, 'pinned', { timeoutMs: 120_000 })
    await until(view, cid, rows => owned(rows, [shared.nodeIds[0]!, shared.nodeIds[1]!]), 'nodes 1 and 2 to own the pin')
    await show(view, cid, `${cid} on overcluster peers 1 and 2: composite nodes 1 and 2 own the one undercluster pin`)
    say('moving one replica to overcluster peer 3: ipfs-cluster-ctl pin add --rmin 1 --rmax 1, then --rmin 2 --rmax 2 --allocations <kept>,<peer 3>')
    await top.ctl(['pin', 'add', '--rmin', '1', '--rmax', '1', cid])
    const kept = await top.waitFor(async () => {
      const pin = await top.peers[0]!.rest<{ allocations: string[] }>(`/allocations/${cid}`)
      return pin.allocations.length === 1 ? pin.allocations[0] : undefined
    }, { timeoutMs: 30_000 })
    // allocation prefers the given peers among those with a valid freespace metric
    await top.waitForMetrics('freespace', { timeoutMs: 60_000 })
    await top.ctl(['pin', 'add', '--rmin', '2', '--rmax', '2', '--allocations', `${kept},${p3}`, cid])
    const keptNode = shared.nodeIds[top.peers.findIndex(p => p.id === kept)]!
    await until(view, cid, rows => owned(rows, [keptNode, shared.nodeIds[2]!]) && !owned(rows, [shared.nodeIds[kept === p1 ? 1 : 0]!]), 'the move to reach the undercluster')
    await show(view, cid, 'After the move: the peer that let go unpinned through its node, the undercluster kept the CID')
    say('unpinning through the overcluster: the last owner\'s release expires after the grace period (10 s here)')
    await top.ctl(['pin', 'rm', cid])
    await until(view, cid, gone, 'the released pin to expire')
    await show(view, cid, 'After the unpin and the grace period:')
  }
  return { steps, stop, endpoints: () => endpoints(view, shared.nodes) }
}

/**
 * An inverse multi-ring: overclusters A (2 peers, tenant acme) and B (1 peer, tenant globex)
 * share one undercluster through 3 composite nodes. A unpins what B still holds: it stays.
 */
export const inverseMultiRing: DemoRun = async ({ dir, say }) => {
  const tenants = ['acme', 'acme', 'globex']
  const shared = await startSharedUndercluster({ nodes: 3, mode: 'cli', undercluster: UNDERCLUSTER, cliArgs: i => [...GRACE, '--tenant', tenants[i]!], log: say })
  say('starting overcluster A (2 peers, on nodes 1 and 2) and overcluster B (1 peer, on node 3)')
  const { overclusters: [a, b], stop } = await onTop(shared, async () => await Promise.all([
    startOvercluster({ attach: [shared.nodes[0]!.multiaddr, shared.nodes[1]!.multiaddr] }),
    startOvercluster({ attach: [shared.nodes[2]!.multiaddr] })
  ])) as { overclusters: [Overcluster, Overcluster], stop: () => Promise<void> }
  const view: TopologyView = {
    overclusters: [{ name: 'overcluster A', cluster: a }, { name: 'overcluster B', cluster: b }],
    underclusters: [{ name: 'shared undercluster', cluster: shared.undercluster, kubos: shared.undercluster.kubos }]
  }
  const steps = async (): Promise<void> => {
    await a.waitForMetrics('freespace', { timeoutMs: 60_000 })
    const cid = await addFile(a, dir, ['--name', 'report'], say)
    await a.waitForStatus(cid, 'pinned', { timeoutMs: 120_000 })
    say(`B pins the same CID: ipfs-cluster-ctl pin add ${cid}`)
    await b.ctl(['pin', 'add', '--name', 'report', cid])
    await b.waitForStatus(cid, 'pinned', { timeoutMs: 120_000 })
    await show(view, cid, `${cid}, pinned by A and by B: three owners of one undercluster pin`)
    say('A unpins it: ipfs-cluster-ctl pin rm (B still holds it)')
    await a.ctl(['pin', 'rm', cid])
    await until(view, cid, rows => owned(rows, [shared.nodeIds[2]!]) && !owned(rows, [shared.nodeIds[0]!]) && !owned(rows, [shared.nodeIds[1]!]), 'A\'s claims to go')
    await show(view, cid, 'After A\'s unpin: B\'s node still owns the pin, every Kubo still holds it')
    say('B unpins too: the last owner\'s release expires after the grace period (10 s here)')
    await b.ctl(['pin', 'rm', cid])
    await until(view, cid, gone, 'the released pin to expire')
    await show(view, cid, 'After both unpinned and the grace period:')
  }
  return { steps, stop, endpoints: () => endpoints(view, shared.nodes) }
}
