import type { ResolvedServeConfig } from './config.ts'
import type { Backend, Logger, Middleware } from '@composite-ipfs/interface'

/** The backend, and everything the CLI created for it (stopped in reverse order on shutdown) */
export interface BackendAssembly {
  backend: Backend
  stop(): Promise<void>
}

/**
 * Builds the backend a config asks for. Connector packages are imported on use, so serving
 * from Kubo does not load the cluster connector.
 */
export async function createBackend (config: ResolvedServeConfig, logger: Logger): Promise<BackendAssembly> {
  const { kuboConnector } = await import('@composite-ipfs/connector-kubo')
  if (config.backend === 'kubo') {
    const backend = kuboConnector({ endpoints: config.kubo, tls: config.kuboTls, authorization: config.kuboAuthorization, logger })
    return { backend, stop: async () => { await backend.stop() } }
  }

  const [{ clusterConnector }, { repoStatAggregator }] = await Promise.all([
    import('@composite-ipfs/connector-cluster'),
    import('@composite-ipfs/repo-stat')
  ])
  const authorization = config.clusterAuthorization
  const rest = config.cluster.map((url) => ({ url, authorization, tls: config.clusterTls }))
  const withIpfs = config.clusterIpfs.length > 0
  const ipfs = withIpfs ? kuboConnector({ endpoints: config.clusterIpfs, tls: config.kuboTls, authorization: config.kuboAuthorization, logger }) : undefined
  const repoStat = withIpfs
    ? repoStatAggregator({ sources: config.clusterIpfs.map((url) => ({ url, tls: config.kuboTls, authorization: config.kuboAuthorization })), ttl: config.repoStatTtl })
    : undefined
  const backend = clusterConnector({
    rest,
    ipfs,
    repoStat,
    replicationMin: config.replicationMin,
    replicationMax: config.replicationMax,
    pinLs: config.pinLs,
    addVia: config.addVia,
    pinWait: config.pinWait,
    // the same node ID as loopGuard's: pin claims, pin metadata and hop headers name nodes alike
    nodeId: config.nodeId,
    loopDetection: { nodeId: config.nodeId, maxDepth: config.maxDepth, logger },
    tenant: config.tenant,
    name: config.pinName,
    metadata: config.pinMetadata,
    releaseGrace: config.releaseGrace,
    showUnderclusterPins: config.showUnderclusterPins,
    capacityShare: config.capacityShare,
    overcluster: config.overcluster,
    passthroughAllow: config.passthroughAllow,
    logger
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

/**
 * The middleware every composite node runs, in this order: `apiAuth` first (a caller without
 * a valid secret learns nothing, as in Kubo), the header policy, then `loopGuard`.
 */
export async function createMiddleware (config: ResolvedServeConfig, logger: Logger): Promise<Middleware[]> {
  const [{ apiAuth }, { headerPolicy }, { loopGuard }] = await Promise.all([
    import('@composite-ipfs/auth'),
    import('@composite-ipfs/header-policy'),
    import('@composite-ipfs/loop-guard')
  ])
  return [
    apiAuth({ authorizations: config.authorizations, logger }),
    headerPolicy(config.headerPolicy),
    loopGuard({ nodeId: config.nodeId, maxDepth: config.maxDepth })
  ]
}
