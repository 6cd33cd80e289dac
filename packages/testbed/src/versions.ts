/**
 * The daemon versions the testbed runs. Bump them here, and only here: the cache directory
 * names, the build and the interop expectations all derive from these constants.
 */

/** Kubo release the testbed builds and runs */
export const KUBO_VERSION = 'v0.42.0'

/** ipfs-cluster release the testbed builds and runs */
export const CLUSTER_VERSION = 'v1.1.6'

export interface DaemonModule {
  /** Cache directory name, `<name>@<version>` */
  readonly dirName: string
  /** Go module path */
  readonly module: string
  readonly version: string
  /** Packages to build, relative to the module root */
  readonly commands: readonly string[]
  /** Binary file names produced by `commands`, in the same order */
  readonly binaries: readonly string[]
}

export const KUBO_MODULE: DaemonModule = {
  dirName: `kubo@${KUBO_VERSION}`,
  module: 'github.com/ipfs/kubo',
  version: KUBO_VERSION,
  commands: ['./cmd/ipfs'],
  binaries: ['ipfs']
}

export const CLUSTER_MODULE: DaemonModule = {
  dirName: `ipfs-cluster@${CLUSTER_VERSION}`,
  module: 'github.com/ipfs-cluster/ipfs-cluster',
  version: CLUSTER_VERSION,
  commands: ['./cmd/ipfs-cluster-service', './cmd/ipfs-cluster-ctl'],
  binaries: ['ipfs-cluster-service', 'ipfs-cluster-ctl']
}
