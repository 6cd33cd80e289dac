/**
 * A composite node in its own process, for the soak: a cluster connector over the undercluster
 * (REST endpoints and Kubos from argv[2], JSON), behind the server and the header policy.
 * It answers the parent's `sample` messages with its own memory, file descriptors and sockets,
 * measured after a full GC (run with `--expose-gc`).
 */
import { readdir, readlink } from 'node:fs/promises'
import { clusterConnector } from '@composite-ipfs/connector-cluster'
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { repoStatAggregator } from '@composite-ipfs/repo-stat'
import { ipfsApiServer } from '@composite-ipfs/server'
import type { NodeSample } from './types.ts'

const { rest, ipfs } = JSON.parse(process.argv[2] ?? '{}') as { rest: string[], ipfs: string[] }

const gc = (globalThis as { gc?: () => void }).gc

async function sample (): Promise<NodeSample> {
  // twice, a turn apart: what the first collection's finalizers and weak callbacks free goes too
  gc?.()
  await new Promise((resolve) => setImmediate(resolve))
  gc?.()
  const fds = await readdir('/proc/self/fd')
  const links = await Promise.all(fds.map(async (fd) => await readlink(`/proc/self/fd/${fd}`).catch(() => '')))
  const { rss, heapUsed } = process.memoryUsage()
  return { rss, heapUsed, fds: fds.length, sockets: links.filter((link) => link.startsWith('socket:')).length }
}

const kubo = kuboConnector({ endpoints: ipfs })
const backend = clusterConnector({ rest, ipfs: kubo, repoStat: repoStatAggregator({ sources: ipfs }), nodeId: 'soak-node', pinWait: { pollInterval: 200 } })
const server = ipfsApiServer({ backend, middleware: [headerPolicy()] })
await backend.start?.()
const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
process.on('message', (message: { type?: string }) => {
  if (message.type === 'sample') void sample().then((value) => { process.send?.({ type: 'sample', value }) })
})
process.once('SIGTERM', () => {
  void (async () => {
    await server.close({ timeout: 5_000 })
    await backend.stop?.()
    await kubo.stop()
    process.exit(0)
  })()
})
process.send?.({ type: 'ready', url: address!.url, multiaddr: address!.multiaddr })
