import { isLoopbackAddress } from '@composite-ipfs/auth'
import { redactUrl } from '@composite-ipfs/interface'
import { createBackend, createMiddleware } from './backend.ts'
import { createLogger } from './logging.ts'
import type { ResolvedServeConfig } from './config.ts'
import type { CliIo } from './io.ts'
import type { ListenOptions } from '@composite-ipfs/server'

export interface ServeOptions {
  /** Resolves when the node should shut down (the CLI wires SIGINT and SIGTERM to it) */
  shutdown: Promise<string>
  /**
   * How long to wait for in-flight requests when shutting down, before closing anyway.
   *
   * @default 10000
   */
  drainTimeoutMs?: number
}

/** Listen addresses with their TLS key pair (TCP) or socket mode (unix) */
function listenOptions (config: ResolvedServeConfig): Array<string | ListenOptions> {
  return config.listen.map((address) => {
    if (address.startsWith('/unix/')) return config.socketMode === undefined ? address : { address, mode: config.socketMode }
    return config.tls === undefined ? address : { address, tls: config.tls }
  })
}

/** Runs a composite node until `shutdown` resolves; returns the exit code */
export async function serve (config: ResolvedServeConfig, io: CliIo, options: ServeOptions): Promise<number> {
  const logger = createLogger(config, io)
  const [{ ipfsApiServer }, { backend, stop }, middleware] = await Promise.all([
    import('@composite-ipfs/server'),
    createBackend(config, logger),
    createMiddleware(config, logger)
  ])
  // the `shutdown` command stops this node, as it stops a Kubo; it never reaches a backend daemon
  let onShutdown!: (reason: string) => void
  const shutdownCommand = new Promise<string>((resolve) => { onShutdown = resolve })
  const server = ipfsApiServer({
    backend,
    middleware,
    // Kubo cleans `..` out of upload names; a node that forwards uploads refuses them
    rejectPathTraversal: config.rejectPathTraversal,
    forwardAdmin: config.forwardAdmin,
    logger,
    onShutdown: () => { onShutdown('the shutdown command') }
  })
  let addresses
  try {
    addresses = await server.listen(listenOptions(config))
  } catch (err) {
    await stop()
    throw err
  }
  const open = Object.keys(config.authorizations).length === 0
  for (const { url, multiaddr } of addresses) {
    io.stdout(`RPC API server listening on ${multiaddr} (${url})`)
    if (open && !isLoopbackAddress(multiaddr)) {
      io.stderr(`WARNING: the Kubo RPC API on ${multiaddr} has no API.Authorizations: anyone who can reach it is an admin. Listen on loopback or a 0600 unix socket, or set --api-auth-file.`)
    }
  }
  io.stdout(`Composite node ID ${config.nodeId}${config.tenant === undefined ? '' : ` (tenant ${config.tenant})`}`)
  if (config.backend === 'cluster' && !config.nodeIdStable) {
    io.stderr(`WARNING: this node's claims on the cluster's pins are recorded under a random node ID (${config.nodeId}): after a restart it no longer owns them, and they stay on the cluster until removed by hand. Give --state-dir (or --node-id) to keep the ID.`)
  }
  // starts the inception check on the undercluster's peers, now that the API answers
  await backend.start?.()
  io.stdout(`Serving from ${config.backend === 'kubo' ? `Kubo ${config.kubo.map(redactUrl).join(', ')}` : `ipfs-cluster ${config.cluster.map(redactUrl).join(', ')}`}`)
  io.stdout('Composite node is ready')

  const reason = await Promise.race([options.shutdown, shutdownCommand])
  io.stderr(`Received ${reason}, shutting down...`)
  let drained = true
  const timeout = new Promise<void>((resolve) => {
    setTimeout(() => { drained = false; resolve() }, options.drainTimeoutMs ?? 10_000).unref()
  })
  await Promise.race([server.close(), timeout])
  await stop()
  if (!drained) io.stderr('some requests did not finish in time; closed anyway')
  return drained ? 0 : 1
}
