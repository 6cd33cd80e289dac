import { parseArgs } from 'node:util'
import { InvalidConfigError } from './errors.ts'
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

General:
  --listen ADDR               multiaddr or URL to listen on (repeatable)
                              [default: /ip4/127.0.0.1/tcp/5001]
  --config FILE               JSON file with the same settings (flags override it)
  -h, --help                  show this help

Prefer the environment or files for secrets: command lines are visible to other users.`

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

const INTEGER_FLAGS = new Set(['--replication-min', '--replication-max'])

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
      replicationMax: integer(values['replication-max'], '--replication-max')
    }
  }
}
