import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { placement } from './placement.ts'
import { table } from './table.ts'
import type { TopologyView } from './placement.ts'
import type { Cluster } from '@composite-ipfs/testbed'

export type Say = (message: string) => void

/** `ipfs-cluster-ctl add` of a random file through `cluster`, retried until allocation works; resolves its CID */
export async function addFile (cluster: Cluster, dir: string, args: string[], say: Say): Promise<string> {
  const file = join(dir, `demo-${randomBytes(4).toString('hex')}.bin`)
  await writeFile(file, randomBytes(4 * 1024 * 1024))
  say(`adding a 4 MiB file: ipfs-cluster-ctl add ${args.join(' ')}`)
  let last = ''
  // allocation needs a fresh free-space metric from the peers; on a busy machine one can lapse for a moment
  return await cluster.waitFor(async () => {
    const added = await cluster.ctl(['add', ...args, file])
    last = `${added.stdout}\n${added.stderr}`
    return added.json<{ cid?: string }>().at(-1)?.cid
  }, { timeoutMs: 30_000, intervalMs: 1_000, message: 'ipfs-cluster-ctl add to allocate' }).catch((err: Error) => {
    throw new Error(`${err.message}; last answer:\n${last}`)
  })
}

/** Prints where `cid` is, on every level of `view` */
export async function show (view: TopologyView, cid: string, title: string): Promise<void> {
  console.log(`\n${title}\n\n${table(['level', 'peer', 'status'], await placement(view, cid))}\n`)
}

/** Waits until `check` holds for the placement rows of `cid` */
export async function until (view: TopologyView, cid: string, check: (rows: string[][]) => boolean, message: string): Promise<void> {
  await view.underclusters[0]!.cluster.waitFor(async () => check(await placement(view, cid)), { timeoutMs: 120_000, message })
}

/** Rows for `--keep`: every endpoint of the topology */
export function endpoints (view: TopologyView, nodes: Array<{ url: string, multiaddr: string }>): string[][] {
  return [
    ...view.overclusters.flatMap(({ name, cluster }) => cluster.peers.map((p, i) => [`${name} peer ${i + 1} REST`, p.restUrl])),
    ...nodes.map((n, i) => [`composite node ${i + 1}`, `${n.url}  ${n.multiaddr}`]),
    ...view.underclusters.flatMap(({ name, cluster, kubos }) => [
      ...cluster.peers.map((p, j) => [`${name} peer ${j + 1} REST`, p.restUrl]),
      ...kubos.map((k, j) => [`${name} Kubo ${j + 1}`, k.apiUrl])
    ])
  ]
}
