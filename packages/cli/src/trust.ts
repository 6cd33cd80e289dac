import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { authorizationHeaderOf, loadAuthorizations } from '@composite-ipfs/auth'
import { nodeIdFor, persistentNodeId } from '@composite-ipfs/loop-guard'
import { InvalidConfigError } from './errors.ts'
import type { ResolvedTrust, TrustConfig } from './trust-config.ts'
import type { Authorizations } from '@composite-ipfs/auth'

async function readPem (path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (err) {
    // the code and the path only: never a piece of the file
    throw new InvalidConfigError(`cannot read the ${what} file ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
}

async function asConfigError<T> (work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (err: any) {
    if (err?.code === 'ERR_AUTH_CONFIG' || err?.code === 'ERR_INVALID_NODE_ID') throw new InvalidConfigError(err.message, { cause: err })
    throw err
  }
}

/**
 * `API.Authorizations`: `--api-auth-file` wins, then the environment, then the config file
 * (`apiAuthFile` or inline `apiAuthorizations`, not both). Errors never quote a secret.
 */
async function authorizations (file: TrustConfig, flags: TrustConfig, env: NodeJS.ProcessEnv): Promise<Authorizations> {
  if (flags.apiAuthFile !== undefined) return await loadAuthorizations({ file: flags.apiAuthFile })
  const fromEnv = [env.COMPOSITE_IPFS_API_AUTHORIZATIONS, env.COMPOSITE_IPFS_API_AUTHORIZATIONS_FILE].some((v) => v !== undefined && v !== '')
  if (fromEnv) return await loadAuthorizations({ env })
  if (file.apiAuthFile !== undefined && file.apiAuthorizations !== undefined) throw new InvalidConfigError('give either "apiAuthFile" or "apiAuthorizations", not both')
  if (file.apiAuthFile !== undefined) return await loadAuthorizations({ file: file.apiAuthFile })
  return await loadAuthorizations({ config: file.apiAuthorizations ?? null, env: {} })
}

/** The Kubo RPC secret: `--kubo-auth-file` (flag), then `COMPOSITE_IPFS_KUBO_AUTH`, then the config file */
async function kuboAuthorization (file: TrustConfig, flags: TrustConfig, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const path = flags.kuboAuthFile ?? (env.COMPOSITE_IPFS_KUBO_AUTH === undefined || env.COMPOSITE_IPFS_KUBO_AUTH === '' ? file.kuboAuthFile : undefined)
  const secret = path === undefined ? env.COMPOSITE_IPFS_KUBO_AUTH : (await readPem(path, 'Kubo auth')).toString('utf8').trim()
  if (secret === undefined || secret === '') return undefined
  const header = authorizationHeaderOf(secret)
  if (header === '') throw new InvalidConfigError('the Kubo auth secret must be bearer:<token>, basic:<user>:<password> or a bare token')
  return header
}

async function nodeId (merged: TrustConfig): Promise<string> {
  if (merged.nodeId !== undefined) return nodeIdFor(merged.nodeId)
  if (merged.stateDir !== undefined) return await persistentNodeId(join(merged.stateDir, 'node-id'))
  return nodeIdFor()
}

function socketMode (value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^0?[0-7]{3}$/.test(value)) throw new InvalidConfigError(`--socket-mode must be an octal file mode like 0600, got "${value}"`)
  return Number.parseInt(value, 8)
}

function pair (a: string | undefined, b: string | undefined, names: string): void {
  if ((a === undefined) !== (b === undefined)) throw new InvalidConfigError(`${names} go together: give both or neither`)
}

/** Resolves the trust settings of a merged config (`file` and `flags` are its layers) */
export async function resolveTrust (file: TrustConfig, flags: TrustConfig, merged: TrustConfig, env: NodeJS.ProcessEnv): Promise<ResolvedTrust> {
  pair(merged.tlsCert, merged.tlsKey, '--tls-cert and --tls-key')
  pair(merged.clusterCert, merged.clusterKey, '--cluster-cert and --cluster-key')
  const maxDepth = merged.maxDepth ?? 8
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new InvalidConfigError(`--max-depth must be an integer of at least 1, got ${maxDepth}`)
  const [tlsCert, tlsKey, clusterCa, clusterCert, clusterKey, kuboCa] = await Promise.all([
    merged.tlsCert === undefined ? undefined : readPem(merged.tlsCert, 'TLS certificate'),
    merged.tlsKey === undefined ? undefined : readPem(merged.tlsKey, 'TLS key'),
    merged.clusterCa === undefined ? undefined : readPem(merged.clusterCa, 'cluster CA'),
    merged.clusterCert === undefined ? undefined : readPem(merged.clusterCert, 'cluster client certificate'),
    merged.clusterKey === undefined ? undefined : readPem(merged.clusterKey, 'cluster client key'),
    merged.kuboCa === undefined ? undefined : readPem(merged.kuboCa, 'Kubo CA')
  ])
  const clusterTls = clusterCa === undefined && clusterCert === undefined ? undefined : { ca: clusterCa, cert: clusterCert, key: clusterKey }
  return {
    authorizations: await asConfigError(authorizations(file, flags, env)),
    nodeId: await asConfigError(nodeId(merged)),
    nodeIdStable: merged.nodeId !== undefined || merged.stateDir !== undefined,
    maxDepth,
    tls: tlsCert === undefined || tlsKey === undefined ? undefined : { cert: tlsCert, key: tlsKey },
    socketMode: socketMode(merged.socketMode),
    clusterTls,
    kuboTls: kuboCa === undefined ? undefined : { ca: kuboCa },
    kuboAuthorization: await kuboAuthorization(file, flags, env),
    rejectPathTraversal: merged.rejectPathTraversal ?? true
  }
}
