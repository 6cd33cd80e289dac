/**
 * A host app that puts a composite node in front of a Kubo daemon: server core, Kubo connector
 * and header policy, composed in a few lines.
 *
 *   KUBO_API=http://127.0.0.1:5001 LISTEN=/ip4/127.0.0.1/tcp/5002 node --import tsx examples/kubo-front.ts
 */
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { ipfsApiServer } from '@composite-ipfs/server'

const backend = kuboConnector({ endpoints: (process.env.KUBO_API ?? 'http://127.0.0.1:5001').split(',') })
const server = ipfsApiServer({ backend, middleware: [headerPolicy()] })

for (const { url, multiaddr } of await server.listen([process.env.LISTEN ?? '/ip4/127.0.0.1/tcp/5002'])) {
  console.log(`composite node listening on ${url} (${multiaddr})`)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(async () => backend.stop?.()).then(() => process.exit(0))
  })
}
