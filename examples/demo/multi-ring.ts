import { startMultiRing } from '@composite-ipfs/interop'
import { table } from './table.ts'
import { addFile, endpoints, show, until } from './steps.ts'
import type { TopologyView } from './placement.ts'
import type { DemoRun } from './run.ts'

/**
 * The seed's first topology: an overcluster of 2 peers, each attached to a composite node in front
 * of its own undercluster (2 ipfs-cluster peers, each with its own Kubo).
 */
export const multiRing: DemoRun = async ({ dir, say }) => {
  const ring = await startMultiRing({ log: say, nodes: 'cli', overcluster: { replicationMin: 2, replicationMax: 2 } })
  const view: TopologyView = {
    overclusters: [{ name: 'overcluster', cluster: ring.overcluster }],
    underclusters: ring.underclusters.map((uc, i) => ({ name: `undercluster ${i + 1}`, cluster: uc, kubos: uc.kubos }))
  }
  const steps = async (): Promise<void> => {
    say('waiting for the overcluster peers to report free space (each composite node sums its undercluster)')
    const metrics = await ring.overcluster.waitForMetrics('freespace', { timeoutMs: 60_000 }) as Array<{ peer: string, value: string }>
    console.log(`\n${table(['overcluster peer', 'freespace metric (bytes)'], metrics.map(m => [m.peer.slice(-12), m.value]))}\n`)
    const cid = await addFile(ring.overcluster, dir, ['--rmin', '2', '--rmax', '2', '--name', 'composite-demo'], say)
    say(`added ${cid}; waiting until the overcluster reports it pinned on both peers`)
    await ring.overcluster.waitForStatus(cid, 'pinned', { timeoutMs: 180_000 })
    await show(view, cid, `Where ${cid} landed:`)
    say('unpinning through the overcluster: ipfs-cluster-ctl pin rm')
    await ring.overcluster.ctl(['pin', 'rm', cid])
    await until(view, cid, rows => rows.every(([, , status]) => status === 'unpinned' || status === 'not pinned'), 'the unpin to reach every level')
    await show(view, cid, 'After the unpin:')
  }
  return { steps, stop: ring.stop, endpoints: () => endpoints(view, ring.nodes) }
}
