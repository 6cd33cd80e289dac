import type { ResolvedServeConfig } from './config.ts'
import type { Backend, Middleware } from '@composite-ipfs/interface'

/** The backend, and everything the CLI created for it (stopped in reverse order on shutdown) */
export interface BackendAssembly {
  backend: Backend
  stop(): Promise<void>
}

/**
 * Builds the backend a config asks for. Connector packages are imported on use, so serving
 * from Kubo does not load the cluster connector.
 */
export async function createBackend (config: ResolvedServeConfig): Promise<BackendAssembly> {
  const { kuboConnector } = await import('@composite-ipfs/connector-kubo')
  if (config.backend === 'kubo') {
    const backend = kuboConnector({ endpoints: config.kubo })
    return { backend, stop: async () => { await backend.stop() } }
  }

  const [{ clusterConnector }, { repoStatAggregator }] = await Promise.all([
    import('@composite-ipfs/connector-cluster'),
    import('@composite-ipfs/repo-stat')
  ])
  const authorization = config.clusterAuthorization
  const rest = config.cluster.map((url) => authorization === undefined ? url : { url, authorization })
  const withIpfs = config.clusterIpfs.length > 0
  const ipfs = withIpfs ? kuboConnector({ endpoints: config.clusterIpfs }) : undefined
  const repoStat = withIpfs ? repoStatAggregator({ sources: config.clusterIpfs }) : undefined
  const backend = clusterConnector({
    rest,
    ipfs,
    repoStat,
    replicationMin: config.replicationMin,
    replicationMax: config.replicationMax
  })
  return {
    backend,
    // the cluster connector leaves the parts injected into it to their owner
    stop: async () => {
      await backend.stop?.()
      await Promise.allSettled([ipfs?.stop(), repoStat?.stop()])
    }
  }
}

/** The middleware every composite node runs: the header policy, with the config's options */
export async function createMiddleware (config: ResolvedServeConfig): Promise<Middleware[]> {
  const { headerPolicy } = await import('@composite-ipfs/header-policy')
  return [headerPolicy(config.headerPolicy)]
}
