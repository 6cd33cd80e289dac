import type { Binaries } from './binaries.ts'

/** TLS files of a cluster peer's REST API */
export interface RestTls {
  /** PEM certificate the REST API serves (with a SAN for 127.0.0.1) */
  certFile: string
  /** PEM RSA private key of `certFile` */
  keyFile: string
  /**
   * PEM CA the testbed's own REST calls and `ipfs-cluster-ctl` trust.
   *
   * @default certFile (enough for a self-signed certificate)
   */
  caFile?: string
}

/** Settings shared by every ipfs-cluster peer the testbed starts (under- and overclusters) */
export interface ClusterPeerOptions {
  /**
   * `cluster.replication_factor_min`; -1 pins everywhere (then max must be -1 too).
   *
   * @default -1
   */
  replicationMin?: number
  /**
   * `cluster.replication_factor_max`.
   *
   * @default -1
   */
  replicationMax?: number
  /**
   * Enable ipfs-cluster's own IPFS proxy (`api.ipfsproxy`) on a free loopback port, for
   * comparisons against it. The proxy's address is `peer.proxyUrl`.
   *
   * @default false
   */
  proxy?: boolean
  /**
   * `ipfs_connector.ipfshttp.pin_timeout`: how long `pin/add` may go without progress.
   *
   * @default '2m0s' (upstream)
   */
  pinTimeout?: string
  /**
   * `ipfs_connector.ipfshttp.unpin_timeout`.
   *
   * @default '3h0m0s' (upstream)
   */
  unpinTimeout?: string
  /**
   * `ipfs_connector.ipfshttp.ipfs_request_timeout`: `id`, `pin/ls`, `repo/stat`, ...
   *
   * @default '5m0s' (upstream)
   */
  ipfsRequestTimeout?: string
  /**
   * `ipfs_connector.ipfshttp.connect_swarms_delay`; `'0s'` turns the one-off `swarm/connect` round off.
   *
   * @default '0s' for an undercluster (the testbed connects its Kubos itself), '30s' (upstream) for an overcluster
   */
  connectSwarmsDelay?: string
  /**
   * `metric_ttl` of the `disk`, `pinqueue` and `tags` informers. Metrics are re-sent every
   * TTL/2, so a small TTL lets allocations and `freespace` sums settle quickly in tests.
   *
   * @default '5s' (upstream: '30s')
   */
  metricTtl?: string
  /**
   * `cluster.monitor_ping_interval` and `monitor.pubsubmon.check_interval`.
   *
   * @default '2s' (upstream: '15s'); the peer set (`GET /peers`) is built from these pings, so this is how fast peers see each other
   */
  monitorInterval?: string
  /**
   * `api.restapi.basic_auth_credentials` (`{ user: password }`); the REST API then needs Basic
   * auth or a JWT from `POST /token`.
   *
   * @default null (no auth)
   */
  restBasicAuth?: Record<string, string>
  /**
   * Serve the REST API over HTTPS (`api.restapi.ssl_cert_file` / `ssl_key_file`): `restUrl`
   * becomes `https://…`, and the testbed's own REST calls and `ctl` trust `caFile`. The key must
   * be RSA (the REST API offers only RSA cipher suites to TLS 1.2 clients); `testCertificates()`
   * makes a fitting set.
   *
   * @default undefined (plain HTTP)
   */
  restTls?: RestTls
  /**
   * Deep-merged into each peer's `service.json` last (objects merge, arrays replace,
   * `undefined` deletes a key).
   *
   * @default {}
   */
  serviceConfig?: Record<string, unknown>
  /**
   * Extra environment for `ipfs-cluster-service` (inherited `CLUSTER_*` variables are removed).
   *
   * @default {}
   */
  env?: Record<string, string>
  /**
   * How long to wait for each peer to be ready, and then for the peers to see each other.
   *
   * @default 60000
   */
  startTimeoutMs?: number
  /**
   * How long `stop()` waits after SIGTERM before SIGKILL.
   *
   * @default 10000
   */
  stopGraceMs?: number
  /**
   * How much of each daemon's output `logs()` keeps.
   *
   * @default 262144 (256 KiB)
   */
  logBytes?: number
  /**
   * The binaries to run.
   *
   * @default the result of `binaries()`
   */
  binaries?: Binaries
}
