/**
 * @packageDocumentation
 *
 * Shared fixtures of the interop suite: a real Kubo, a composite node in front of it, and
 * helpers that run the same call against both and normalise the results for comparison.
 * The suite itself lives in `test/daemon`; real clients (kubo-rpc-client, the `ipfs` CLI,
 * ipfs-cluster-service) are the judges.
 *
 * @example
 *
 * ```ts
 * const pair = await kuboPair()
 * const [direct, composite] = await pair.both(client => client.version())
 * await pair.stop()
 * ```
 */
export { kuboPair } from './kubo-pair.ts'
export type { KuboPair, KuboPairInit } from './kubo-pair.ts'
export { normalise } from './normalise.ts'
export { rawPost } from './raw-post.ts'
export { startCli } from './cli-process.ts'
export { startClusterCliNode, startClusterNode } from './cluster-node.ts'
export { startMultiRing } from './multi-ring.ts'
export type { MultiRing, MultiRingInit, RingNode } from './multi-ring.ts'
export { startSharedUndercluster } from './shared-undercluster.ts'
export type { SharedUndercluster, SharedUnderclusterInit } from './shared-undercluster.ts'
export type { CliProcess } from './cli-process.ts'
export type { RawAnswer } from './raw-post.ts'
