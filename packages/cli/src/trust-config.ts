import type { Authorizations } from '@composite-ipfs/auth'

/** Settings of `composite-ipfs serve` about who may call it and how it talks to its backend */
export interface TrustConfig {
  /**
   * Kubo's `API.Authorizations` (`{ user: { AuthSecret, AllowedPaths, scope? } }`), inline.
   * Also `COMPOSITE_IPFS_API_AUTHORIZATIONS` (JSON) or `COMPOSITE_IPFS_API_AUTHORIZATIONS_FILE`.
   *
   * @default undefined (no authorization: anyone who can reach the API may call it, as in Kubo)
   */
  apiAuthorizations?: Record<string, unknown>
  /**
   * A JSON file with `API.Authorizations`, or a whole Kubo config file. Relative to the config file.
   *
   * @default undefined
   */
  apiAuthFile?: string
  /**
   * This composite node's ID for loop protection (hop headers, pin metadata, the inception marker)
   *
   * @default the ID kept in `<stateDir>/node-id`, else a random `cn-<uuid>` per run
   */
  nodeId?: string
  /**
   * A directory where the node keeps its state (its ID, in `node-id`). Relative to the config file.
   *
   * @default undefined (nothing kept)
   */
  stateDir?: string
  /**
   * Composite nodes a request may go through before it is refused (508)
   *
   * @default 8
   */
  maxDepth?: number
  /**
   * PEM certificate chain of the HTTPS listener; every TCP listen address then serves HTTPS
   *
   * @default undefined (plain HTTP)
   */
  tlsCert?: string
  /**
   * PEM private key of the HTTPS listener
   *
   * @default undefined
   */
  tlsKey?: string
  /**
   * File mode of unix-socket listeners, in octal (`"0600"`: only this user may connect)
   *
   * @default undefined (the umask decides)
   */
  socketMode?: string
  /**
   * PEM CA certificate(s) that sign the cluster REST API's HTTPS certificate
   *
   * @default undefined (the system CAs)
   */
  clusterCa?: string
  /**
   * PEM client certificate for the cluster REST API (mutual TLS, e.g. through a TLS proxy)
   *
   * @default undefined
   */
  clusterCert?: string
  /**
   * PEM private key of `clusterCert`
   *
   * @default undefined
   */
  clusterKey?: string
  /**
   * PEM CA certificate(s) that sign the HTTPS certificates of Kubo RPC endpoints (`--kubo`, `--cluster-ipfs`)
   *
   * @default undefined (the system CAs)
   */
  kuboCa?: string
  /**
   * A file holding the secret sent to Kubo RPC endpoints (`--kubo`, `--cluster-ipfs`), in Kubo's
   * `AuthSecret` form: `bearer:<token>`, `basic:<user>:<password>` or a bare token. Also
   * `COMPOSITE_IPFS_KUBO_AUTH` (the secret itself). Relative to the config file.
   *
   * @default undefined (no Authorization header)
   */
  kuboAuthFile?: string
  /**
   * Refuse upload file names whose `..` climbs above the upload root (400). Kubo cleans them
   * instead (`path.Clean`); a node that forwards uploads refuses them.
   *
   * @default true
   */
  rejectPathTraversal?: boolean
}

export const TRUST_STRINGS = ['apiAuthFile', 'nodeId', 'stateDir', 'tlsCert', 'tlsKey', 'socketMode', 'clusterCa', 'clusterCert', 'clusterKey', 'kuboCa', 'kuboAuthFile'] as const
export const TRUST_PATHS = ['apiAuthFile', 'stateDir', 'tlsCert', 'tlsKey', 'clusterCa', 'clusterCert', 'clusterKey', 'kuboCa', 'kuboAuthFile'] as const
export const TRUST_INTEGERS = ['maxDepth'] as const
export const TRUST_OBJECTS = ['apiAuthorizations'] as const
export const TRUST_BOOLEANS = ['rejectPathTraversal'] as const

/** Trust settings ready to use: files read, defaults applied */
export interface ResolvedTrust {
  authorizations: Authorizations
  nodeId: string
  /** Whether the node ID survives a restart (`--node-id` or `--state-dir`) */
  nodeIdStable: boolean
  maxDepth: number
  /** The HTTPS listener's key pair */
  tls?: { cert: Buffer, key: Buffer }
  socketMode?: number
  clusterTls?: { ca?: Buffer, cert?: Buffer, key?: Buffer }
  kuboTls?: { ca: Buffer }
  /** The `Authorization` header value for Kubo RPC endpoints */
  kuboAuthorization?: string
  rejectPathTraversal: boolean
}
