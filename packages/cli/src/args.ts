import { parseArgs } from 'node:util'
import { InvalidConfigError } from './errors.ts'
import { parseMetadataFlags } from './ownership-config.ts'
import { parsePolicy } from './tuning-config.ts'
import type { ServeConfig } from './config.ts'

const SERVE_OPTIONS = {
  config: { type: 'string' },
  listen: { type: 'string', multiple: true },
  kubo: { type: 'string', multiple: true },
  cluster: { type: 'string', multiple: true },
  'cluster-ipfs': { type: 'string', multiple: true },
  'cluster-basic-auth': { type: 'string' },
  'cluster-basic-auth-file': { type: 'string' },
  'cluster-token': { type: 'string' },
  'cluster-token-file': { type: 'string' },
  'replication-min': { type: 'string' },
  'replication-max': { type: 'string' },
  'api-auth-file': { type: 'string' },
  'node-id': { type: 'string' },
  'state-dir': { type: 'string' },
  'max-depth': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'socket-mode': { type: 'string' },
  'cluster-ca': { type: 'string' },
  'cluster-cert': { type: 'string' },
  'cluster-key': { type: 'string' },
  'kubo-ca': { type: 'string' },
  'kubo-auth-file': { type: 'string' },
  'cluster-pin-ls': { type: 'string' },
  'cluster-add': { type: 'string' },
  'pin-wait': { type: 'string' },
  'pin-wait-timeout': { type: 'string' },
  'pin-recoveries': { type: 'string' },
  'pin-poll-interval': { type: 'string' },
  'repo-stat-ttl': { type: 'string' },
  tenant: { type: 'string' },
  'pin-name': { type: 'string' },
  'pin-metadata': { type: 'string', multiple: true },
  'release-grace': { type: 'string' },
  'hide-undercluster-pins': { type: 'boolean' },
  'capacity-share': { type: 'string' },
  overcluster: { type: 'string', multiple: true },
  'overcluster-basic-auth-file': { type: 'string' },
  'overcluster-token-file': { type: 'string' },
  'overcluster-ca': { type: 'string' },
  'overcluster-replication': { type: 'string' },
  'forward-admin': { type: 'string', multiple: true },
  'cluster-passthrough': { type: 'string', multiple: true },
  'log-level': { type: 'string' },
  'log-format': { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

export const SERVE_USAGE = `Usage: composite-ipfs serve [options]

Serves the Kubo RPC API (/api/v0/...) with a Kubo daemon or an ipfs-cluster behind it.

Backends (choose one):
  --kubo URL                  Kubo RPC API to serve from (repeat for failover)
  --cluster URL               ipfs-cluster REST API to serve from (repeat for failover)

Cluster options:
  --cluster-ipfs URL          Kubo RPC API of a cluster peer's daemon (repeatable): used for
                              commands the REST API lacks, and summed for repo/stat
  --cluster-basic-auth U:P    REST API basic auth  (env COMPOSITE_IPFS_CLUSTER_BASIC_AUTH)
  --cluster-basic-auth-file F file holding U:P
  --cluster-token JWT         REST API bearer token (env COMPOSITE_IPFS_CLUSTER_TOKEN)
  --cluster-token-file F      file holding the token
  --replication-min N         replication factor of pins made through this node
  --replication-max N
  --cluster-ca FILE           PEM CA of the REST API's HTTPS certificate
  --cluster-cert FILE         PEM client certificate for the REST API (mutual TLS)
  --cluster-key FILE          its PEM private key
  --cluster-pin-ls MODE       what pin/ls without arguments lists: status (what the peers
                              report pinned; the cluster builds the whole list before its
                              first line) or pinset (the shared pinset as it is, pins not yet
                              pinned included, like ipfs-cluster's proxy) [default: status]
  --cluster-add ADDER         which adder builds a pinned add: cluster (the cluster's /add,
                              blocks straight to the allocated peers) or kubo (a --cluster-ipfs
                              Kubo with its Import settings, then a cluster pin; faster, but an
                              unpinned copy stays on that Kubo if it is not allocated)
                              [default: cluster]
  --pin-wait POLICY           when pin/add answers: replication-min, all, accepted (once in
                              the shared state) or a number of peers [default: replication-min]
  --pin-wait-timeout MS       pin/add fails after this long [default: 1800000]
  --pin-recoveries N          how often one pin/add asks the undercluster to recover a pin
                              that a peer failed (pin_error) while it waits; 0: never
                              [default: 3]
  --pin-poll-interval MS      delay before a waiting pin's second status poll (then growing
                              by half, up to 5 s) [default: 200]
  --repo-stat-ttl MS          how long the repo/stat summed over --cluster-ipfs is kept
                              (0: no cache) [default: 10000]

Shared underclusters (several composite nodes in front of one cluster; docs/topologies.md):
  --tenant NAME               label recorded with this node's claims on the cluster's pins
  --pin-name TEMPLATE         name of the pins made here: {name} {cid} {tenant}
                              [default: {name}, as <tenant>:{name} with --tenant]
  --pin-metadata KEY=VALUE    metadata of the pins made here (repeatable)
  --release-grace MS          how long a pin stays after its last owner unpinned it; keep it
                              above the overclusters' pin_recover_interval [default: 3600000]
  --hide-undercluster-pins    pin/ls lists only this node's own pins, not the cluster's own
  --capacity-share SHARE      part of the cluster's capacity repo/stat reports: auto (divided
                              by the composite nodes in front of it), 1, 1/3, 0.25 [default: auto]
  --overcluster URL           REST API of the overcluster using this node (repeatable): its
                              pin names, metadata and mode reach the cluster below
  --overcluster-basic-auth-file F  file holding U:P (env COMPOSITE_IPFS_OVERCLUSTER_BASIC_AUTH)
  --overcluster-token-file F  file holding a JWT (env COMPOSITE_IPFS_OVERCLUSTER_TOKEN)
  --overcluster-ca FILE       PEM CA of the overcluster REST API's HTTPS certificate
  --overcluster-replication P node (this node's --replication-min/max) or overcluster (the
                              overcluster pin's own factors) [default: node]

Forwarding (commands without a typed handler go to one backend daemon, picked by failover;
docs/compatibility.md):
  --forward-admin LIST        daemon-admin commands forwarded anyway, comma-separated or all:
                              config, log, diag, key, repo, bootstrap, swarm/filters,
                              swarm/peering, p2p, mount, update, files/chroot, provide/clear,
                              pubsub/reset [default: none; shutdown always stops this node]
  --cluster-passthrough LIST  commands a cluster backend forwards to a --cluster-ipfs Kubo
                              besides those that answer alike on each (cid, dag/stat, ...)

Kubo options (also for --cluster-ipfs):
  --kubo-ca FILE              PEM CA of the Kubo RPC endpoints' HTTPS certificates
  --kubo-auth-file FILE       their API.Authorizations secret (bearer:<token>, basic:<u>:<p>);
                              also env COMPOSITE_IPFS_KUBO_AUTH

Trust:
  --api-auth-file FILE        Kubo API.Authorizations (JSON, or a Kubo config file); also
                              env COMPOSITE_IPFS_API_AUTHORIZATIONS(_FILE)
  --tls-cert FILE             serve HTTPS on every TCP listen address with this certificate
  --tls-key FILE              and this private key
  --socket-mode MODE          file mode of unix-socket listeners, e.g. 0600
  --node-id ID                this node's ID for loop protection [default: kept in
                              --state-dir, else random]
  --state-dir DIR             where the node keeps its ID
  --max-depth N               composite nodes a request may cross [default: 8]

Logging (to standard error):
  --log-level LEVEL           error, warn, info (also one access line per request) or debug
                              [default: info]
  --log-format FORMAT         json (one object per line) or pretty [default: pretty on a
                              terminal, else json]

General:
  --listen ADDR               multiaddr or URL to listen on (repeatable)
                              [default: /ip4/127.0.0.1/tcp/5001]
  --config FILE               JSON file with the same settings (flags override it)
  -h, --help                  show this help

API authorizations and private keys are read only from files or the environment; prefer those
for the cluster secrets too, since command lines are visible to other users. Without
API.Authorizations anyone who can reach a listen address is an admin: keep the API on loopback
or on a unix socket with --socket-mode 0600.`

function integer (value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^-?\d+$/.test(value)) throw new InvalidConfigError(`${flag} must be an integer, got "${value}"`)
  return Number.parseInt(value, 10)
}

export interface ServeArgs {
  /** `--config` */
  configFile?: string
  /** Settings given as flags; undefined where no flag was given */
  flags: ServeConfig
  help: boolean
}

const INTEGER_FLAGS = new Set(['--replication-min', '--replication-max', '--max-depth', '--pin-wait-timeout', '--pin-recoveries', '--pin-poll-interval', '--repo-stat-ttl', '--release-grace'])

/** parseArgs refuses a value starting with a dash (`--replication-min -1`); join it as `--replication-min=-1` */
function joinNegativeValues (argv: string[]): string[] {
  const joined: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (INTEGER_FLAGS.has(argv[i]) && /^-\d+$/.test(argv[i + 1] ?? '')) {
      joined.push(`${argv[i]}=${argv[++i]}`)
    } else {
      joined.push(argv[i])
    }
  }
  return joined
}

/** Parses the arguments after `serve` */
export function parseServeArgs (argv: string[]): ServeArgs {
  let values
  try {
    ({ values } = parseArgs({ args: joinNegativeValues(argv), options: SERVE_OPTIONS, strict: true, allowPositionals: false }))
  } catch (err: any) {
    throw new InvalidConfigError(err.message, { cause: err })
  }
  return {
    configFile: values.config,
    help: values.help === true,
    flags: {
      listen: values.listen,
      kubo: values.kubo,
      cluster: values.cluster,
      clusterIpfs: values['cluster-ipfs'],
      clusterBasicAuth: values['cluster-basic-auth'],
      clusterBasicAuthFile: values['cluster-basic-auth-file'],
      clusterToken: values['cluster-token'],
      clusterTokenFile: values['cluster-token-file'],
      replicationMin: integer(values['replication-min'], '--replication-min'),
      replicationMax: integer(values['replication-max'], '--replication-max'),
      apiAuthFile: values['api-auth-file'],
      nodeId: values['node-id'],
      stateDir: values['state-dir'],
      maxDepth: integer(values['max-depth'], '--max-depth'),
      tlsCert: values['tls-cert'],
      tlsKey: values['tls-key'],
      socketMode: values['socket-mode'],
      clusterCa: values['cluster-ca'],
      clusterCert: values['cluster-cert'],
      clusterKey: values['cluster-key'],
      kuboCa: values['kubo-ca'],
      kuboAuthFile: values['kubo-auth-file'],
      forwardAdmin: values['forward-admin'],
      clusterPassthrough: values['cluster-passthrough'],
      logLevel: values['log-level'],
      logFormat: values['log-format'],
      clusterPinLs: values['cluster-pin-ls'] as ServeConfig['clusterPinLs'],
      clusterAdd: values['cluster-add'] as ServeConfig['clusterAdd'],
      pinWaitPolicy: parsePolicy(values['pin-wait']),
      pinWaitTimeout: integer(values['pin-wait-timeout'], '--pin-wait-timeout'),
      pinRecoveries: integer(values['pin-recoveries'], '--pin-recoveries'),
      pinPollInterval: integer(values['pin-poll-interval'], '--pin-poll-interval'),
      repoStatTtl: integer(values['repo-stat-ttl'], '--repo-stat-ttl'),
      tenant: values.tenant,
      pinName: values['pin-name'],
      pinMetadata: parseMetadataFlags(values['pin-metadata']),
      releaseGrace: integer(values['release-grace'], '--release-grace'),
      hideUnderclusterPins: values['hide-undercluster-pins'],
      capacityShare: values['capacity-share'],
      overcluster: values.overcluster,
      overclusterBasicAuthFile: values['overcluster-basic-auth-file'],
      overclusterTokenFile: values['overcluster-token-file'],
      overclusterCa: values['overcluster-ca'],
      overclusterReplication: values['overcluster-replication'] as ServeConfig['overclusterReplication']
    }
  }
}
