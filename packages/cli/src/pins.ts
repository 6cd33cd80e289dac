import { parseArgs } from 'node:util'
import { loadConfigFile, resolveConfig } from './config.ts'
import { InvalidConfigError } from './errors.ts'
import type { ServeConfig } from './config.ts'
import type { CliIo } from './io.ts'

export const PINS_USAGE = `Usage: composite-ipfs pins --cluster URL [options]

Lists the pins of an ipfs-cluster that composite nodes claimed, with their owners: what each
node and tenant holds on a shared undercluster (docs/topologies.md, "Ownership of shared pins").

  --cluster URL               the cluster's REST API (repeatable, failover)
  --tenant NAME               only the pins this tenant holds
  --node-id ID                only the pins this composite node holds
  --json                      one JSON object per pin
  --cluster-basic-auth-file F file holding U:P (env COMPOSITE_IPFS_CLUSTER_BASIC_AUTH)
  --cluster-token-file F      file holding a JWT (env COMPOSITE_IPFS_CLUSTER_TOKEN)
  --cluster-ca FILE           PEM CA of the REST API's HTTPS certificate
  --config FILE               a serve config file to take the cluster and its credentials from
  -h, --help                  show this help`

const OPTIONS = {
  cluster: { type: 'string', multiple: true },
  tenant: { type: 'string' },
  'node-id': { type: 'string' },
  json: { type: 'boolean' },
  'cluster-basic-auth-file': { type: 'string' },
  'cluster-token-file': { type: 'string' },
  'cluster-ca': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

/** `composite-ipfs pins`: returns the exit code */
export async function runPins (argv: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  let values
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }))
  } catch (err: any) {
    throw new InvalidConfigError(err.message, { cause: err })
  }
  if (values.help === true) {
    io.stdout(PINS_USAGE)
    return 0
  }
  const file: ServeConfig = values.config === undefined ? {} : await loadConfigFile(values.config)
  const flags: ServeConfig = {
    cluster: values.cluster,
    clusterBasicAuthFile: values['cluster-basic-auth-file'],
    clusterTokenFile: values['cluster-token-file'],
    clusterCa: values['cluster-ca']
  }
  if ((values.cluster ?? file.cluster ?? []).length === 0) throw new InvalidConfigError('--cluster is required: the REST API of the cluster whose pins to list')
  const config = await resolveConfig({ cluster: file.cluster, clusterBasicAuth: file.clusterBasicAuth, clusterBasicAuthFile: file.clusterBasicAuthFile, clusterToken: file.clusterToken, clusterTokenFile: file.clusterTokenFile, clusterCa: file.clusterCa }, flags, env)
  const { listClaims } = await import('@composite-ipfs/connector-cluster')
  const endpoints = config.cluster.map(url => ({ url, authorization: config.clusterAuthorization, tls: config.clusterTls }))
  for await (const pin of listClaims({ endpoints, tenant: values.tenant, nodeId: values['node-id'] })) {
    if (values.json === true) {
      io.stdout(JSON.stringify(pin))
      continue
    }
    const owners = pin.owners.map(o => o.tenant === undefined ? o.node : `${o.node} (${o.tenant})`).join(', ')
    const state = pin.released === undefined ? owners : `released, expires ${pin.expireAt ?? '?'}`
    io.stdout(`${pin.cid} | ${pin.name} | ${state}`)
  }
  return 0
}
