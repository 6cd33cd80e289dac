/**
 * The main demo: a multi-ring composite topology with real daemons.
 *
 *   overcluster (2 ipfs-cluster peers)
 *     ├─ composite node 1 ── undercluster 1 (2 ipfs-cluster peers, each with its own Kubo)
 *     └─ composite node 2 ── undercluster 2 (2 ipfs-cluster peers, each with its own Kubo)
 *
 * It adds a file through the overcluster with ipfs-cluster-ctl, shows where it landed, unpins
 * it, shows it gone, and tears everything down. `--keep` leaves the topology running.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startMultiRing } from '@composite-ipfs/interop'
import { binaries } from '@composite-ipfs/testbed'
import { placement } from './demo/placement.ts'
import { table } from './demo/table.ts'

const keep = process.argv.includes('--keep')
const started = Date.now()
const say = (message: string): void => { console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}`) }

say('checking the daemons (Kubo v0.42.0, ipfs-cluster v1.1.6); the first run builds them')
await binaries()
const ring = await startMultiRing({ log: say, nodes: 'cli', overcluster: { replicationMin: 2, replicationMax: 2 } })
const dir = await mkdtemp(join(tmpdir(), 'composite-demo-'))
let exitCode = 0
try {
  say('waiting for the overcluster peers to report free space (each composite node sums its undercluster)')
  const metrics = await ring.overcluster.waitForMetrics('freespace', { timeoutMs: 60_000 }) as Array<{ peer: string, value: string }>
  console.log(`\n${table(['overcluster peer', 'freespace metric (bytes)'], metrics.map(m => [m.peer.slice(-12), m.value]))}\n`)
  const file = join(dir, 'demo.bin')
  await writeFile(file, randomBytes(4 * 1024 * 1024))
  say('adding a 4 MiB file through the overcluster: ipfs-cluster-ctl add --rmin 2 --rmax 2')
  let last = ''
  // allocation needs a fresh free-space metric from both peers; on a busy machine one can lapse for a moment
  const cid = await ring.overcluster.waitFor(async () => {
    const added = await ring.overcluster.ctl(['add', '--rmin', '2', '--rmax', '2', '--name', 'composite-demo', file])
    last = `${added.stdout}\n${added.stderr}`
    return added.json<{ cid?: string }>().at(-1)?.cid
  }, { timeoutMs: 30_000, intervalMs: 1_000, message: 'ipfs-cluster-ctl add to allocate on both peers' }).catch((err: Error) => {
    throw new Error(`${err.message}; last answer:\n${last}`)
  })
  say(`added ${cid}; waiting until the overcluster reports it pinned on both peers`)
  await ring.overcluster.waitForStatus(cid, 'pinned', { timeoutMs: 180_000 })
  console.log(`\nWhere ${cid} landed:\n\n${table(['level', 'peer', 'status'], await placement(ring, cid))}\n`)

  say('unpinning through the overcluster: ipfs-cluster-ctl pin rm')
  await ring.overcluster.ctl(['pin', 'rm', cid])
  await ring.overcluster.waitFor(async () => {
    const rows = await placement(ring, cid)
    return rows.every(([, , status]) => status === 'unpinned' || status === 'not pinned') ? rows : undefined
  }, { timeoutMs: 120_000, message: 'the unpin to reach every level' })
  console.log(`\nAfter the unpin:\n\n${table(['level', 'peer', 'status'], await placement(ring, cid))}\n`)

  if (keep) {
    console.log('The topology keeps running (Ctrl-C to stop):')
    console.log(table(['what', 'endpoint'], [
      ...ring.overcluster.peers.map((p, i) => [`overcluster peer ${i + 1} REST`, p.restUrl]),
      ...ring.nodes.map((n, i) => [`composite node ${i + 1}`, `${n.url}  ${n.multiaddr}`]),
      ...ring.underclusters.flatMap((uc, i) => uc.peers.map((p, j) => [`undercluster ${i + 1} peer ${j + 1} REST`, p.restUrl])),
      ...ring.underclusters.flatMap((uc, i) => uc.kubos.map((k, j) => [`undercluster ${i + 1} Kubo ${j + 1}`, k.apiUrl]))
    ]))
    await new Promise<void>(resolve => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve) })
  }
} catch (err) {
  exitCode = 1
  console.error(err)
} finally {
  say('tearing the topology down')
  await ring.stop()
  await rm(dir, { recursive: true, force: true })
  say(exitCode === 0 ? 'done' : 'failed')
}
process.exit(exitCode)
