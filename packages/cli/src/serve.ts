import { createBackend, createMiddleware } from './backend.ts'
import type { ResolvedServeConfig } from './config.ts'
import type { CliIo } from './io.ts'

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

/** A URL for logs: credentials in it (`http://user:pass@host`) are not printed */
function redact (url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.username === '' && parsed.password === '') return url
    parsed.username = ''
    parsed.password = ''
    return parsed.toString().replace(/\/$/, '')
  } catch {
    return url
  }
}

/** Runs a composite node until `shutdown` resolves; returns the exit code */
export async function serve (config: ResolvedServeConfig, io: CliIo, options: ServeOptions): Promise<number> {
  const [{ ipfsApiServer }, { backend, stop }, middleware] = await Promise.all([
    import('@composite-ipfs/server'),
    createBackend(config),
    createMiddleware(config)
  ])
  const server = ipfsApiServer({ backend, middleware })
  let addresses
  try {
    addresses = await server.listen(config.listen)
  } catch (err) {
    await stop()
    throw err
  }
  for (const { url, multiaddr } of addresses) io.stdout(`RPC API server listening on ${multiaddr} (${url})`)
  io.stdout(`Serving from ${config.backend === 'kubo' ? `Kubo ${config.kubo.map(redact).join(', ')}` : `ipfs-cluster ${config.cluster.map(redact).join(', ')}`}`)
  io.stdout('Composite node is ready')

  const reason = await options.shutdown
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
