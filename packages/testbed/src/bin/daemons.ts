/**
 * `pnpm daemons [--peers N] [--proxy] [--replication-min N] [--replication-max N]`
 *
 * Starts an undercluster (N Kubos, each driven by an ipfs-cluster peer) for manual
 * experiments, prints where everything listens, and stops it all on Ctrl-C.
 */
import { parseArgs } from 'node:util'
import { startUndercluster } from '../undercluster.ts'

const { values } = parseArgs({
  options: {
    peers: { type: 'string', default: '2' },
    proxy: { type: 'boolean', default: false },
    'replication-min': { type: 'string', default: '-1' },
    'replication-max': { type: 'string', default: '-1' }
  }
})

const uc = await startUndercluster({
  peers: Number(values.peers),
  proxy: values.proxy,
  replicationMin: Number(values['replication-min']),
  replicationMax: Number(values['replication-max'])
})
for (const peer of uc.peers) {
  process.stdout.write(`${peer.name}  cluster peer ${peer.id}
  REST API     ${peer.restUrl}   (ipfs-cluster-ctl --host ${peer.restMultiaddr} ...)
${peer.proxyUrl === undefined ? '' : `  IPFS proxy   ${peer.proxyUrl}\n`}  Kubo RPC     ${peer.kubo.apiUrl}   (ipfs --api ${peer.kubo.apiMultiaddr} ...)
  Kubo gateway ${peer.kubo.gatewayUrl}
`)
}
process.stdout.write('\nPress Ctrl-C to stop.\n')
await new Promise<void>((resolve) => {
  process.once('SIGINT', () => { resolve() })
  process.once('SIGTERM', () => { resolve() })
})
process.stdout.write('stopping...\n')
await uc.stop()
