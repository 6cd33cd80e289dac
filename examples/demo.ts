/**
 * The main demo: a composite topology of real daemons, end to end.
 *
 *   npm run demo [-- --topology multi-ring|cylinder|inverse-multi-ring] [--keep]
 *
 * multi-ring (the default):  overcluster (2 peers) -> 2 composite nodes -> 2 underclusters
 * cylinder:                  overcluster (3 peers) -> 3 composite nodes -> 1 undercluster
 * inverse-multi-ring:        overclusters A (2 peers) and B (1 peer) -> 3 composite nodes -> 1 undercluster
 *
 * Each adds a file through an overcluster with ipfs-cluster-ctl, shows where it landed on every
 * level, unpins it, shows it gone, and tears everything down. `--keep` leaves the topology running.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { binaries } from '@composite-ipfs/testbed'
import { multiRing } from './demo/multi-ring.ts'
import { cylinder, inverseMultiRing } from './demo/shared.ts'
import { table } from './demo/table.ts'
import type { DemoRun } from './demo/run.ts'

const TOPOLOGIES: Record<string, DemoRun> = { 'multi-ring': multiRing, cylinder, 'inverse-multi-ring': inverseMultiRing }

let args
try {
  args = parseArgs({ options: { topology: { type: 'string', default: 'multi-ring' }, keep: { type: 'boolean', default: false } }, strict: true }).values
} catch (err) {
  console.error(`demo: ${(err as Error).message}\nUsage: npm run demo [-- --topology ${Object.keys(TOPOLOGIES).join('|')}] [--keep]`)
  process.exit(2)
}
const run = TOPOLOGIES[args.topology]
if (run === undefined) {
  console.error(`demo: --topology must be one of ${Object.keys(TOPOLOGIES).join(', ')}, got "${args.topology}"`)
  process.exit(2)
}

const started = Date.now()
const say = (message: string): void => { console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}`) }

say('checking the daemons (Kubo v0.42.0, ipfs-cluster v1.1.6); the first run builds them')
await binaries()
say(`starting the ${args.topology} topology`)
const dir = await mkdtemp(join(tmpdir(), 'composite-demo-'))
let exitCode = 0
let topology: Awaited<ReturnType<DemoRun>> | undefined
try {
  topology = await run({ dir, say })
  await topology.steps()
  if (args.keep) {
    console.log('The topology keeps running (Ctrl-C to stop):')
    console.log(table(['what', 'endpoint'], topology.endpoints()))
    await new Promise<void>(resolve => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve) })
  }
} catch (err) {
  exitCode = 1
  console.error(err)
} finally {
  say('tearing the topology down')
  await topology?.stop()
  await rm(dir, { recursive: true, force: true })
  say(exitCode === 0 ? 'done' : 'failed')
}
process.exit(exitCode)
