/**
 * @packageDocumentation
 *
 * Real daemons for tests, examples, the demo and benchmarks: Kubo daemons, ipfs-cluster peers
 * driving them (an "undercluster"), composite nodes in front of any backend, and ipfs-cluster
 * peers driving composite nodes (an "overcluster"). Everything listens on 127.0.0.1, lives in
 * temporary directories, and is killed and removed when the process exits, however it exits.
 *
 * The pinned daemon versions (Kubo v0.42.0, ipfs-cluster v1.1.6) are found through
 * `KUBO_BIN` / `IPFS_CLUSTER_SERVICE_BIN` / `IPFS_CLUSTER_CTL_BIN`, else in
 * `~/.cache/composite-ipfs/bin`, else built once from their Go sources.
 *
 * @example
 *
 * ```ts
 * import { startKubo, startUndercluster } from '@composite-ipfs/testbed'
 *
 * const kubo = await startKubo()
 * console.log(kubo.apiUrl, kubo.peerId)
 * await kubo.stop()
 *
 * const uc = await startUndercluster({ peers: 2 })
 * console.log(uc.restUrls)
 * await uc.stop()
 * ```
 */

export { binaries, defaultCacheDir } from './binaries.ts'
export type { Binaries, BinariesInit } from './binaries.ts'
export { startKubo, multiaddrToUrl } from './kubo.ts'
export type { KuboDaemon, KuboInit } from './kubo.ts'
export { CertificateGenerationError, DaemonBuildError, DaemonStartError, GoNotFoundError, HttpStatusError, WaitTimeoutError } from './errors.ts'
export { CLUSTER_VERSION, KUBO_VERSION } from './versions.ts'
export { connectKubos, startUndercluster } from './undercluster.ts'
export type { Undercluster, UnderclusterInit, UnderclusterPeer } from './undercluster.ts'
export { startOvercluster } from './overcluster.ts'
export type { Overcluster, OverclusterInit } from './overcluster.ts'
export type { Cluster, CtlOptions, CtlResult, GlobalPinInfo } from './cluster.ts'
export type { ClusterPeer } from './cluster-peer.ts'
export type { ClusterPeerOptions, RestTls } from './cluster-options.ts'
export { testCertificates } from './tls-certificates.ts'
export type { TestCertificates, TestCertificatesInit } from './tls-certificates.ts'
export { waitFor } from './wait-for.ts'
export type { WaitForOptions } from './wait-for.ts'
export { printLogsOnFailure } from './print-logs.ts'
export type { HasLogs, PrintLogsOptions, TestContextLike } from './print-logs.ts'
export { compositeNode } from './composite-node.ts'
export { freePort } from './free-port.ts'
export { memoryLogger } from './memory-logger.ts'
export type { LogLine, MemoryLogger } from './memory-logger.ts'
export { NGINX_RECOMMENDED, nginxBinary, startNginx } from './nginx.ts'
export type { Nginx, NginxInit } from './nginx.ts'
export type { CompositeNode, CompositeNodeInit, ListenAddress } from './composite-node.ts'
