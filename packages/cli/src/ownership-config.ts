import { readFile } from 'node:fs/promises'
import { InvalidConfigError } from './errors.ts'
import type { CapacityShareInit, OverclusterInit, ReplicationPolicy } from '@composite-ipfs/connector-cluster'

/**
 * Settings of `composite-ipfs serve` for a cluster backend that other composite nodes may
 * share (flags `--tenant`, `--pin-name`, `--pin-metadata`, `--release-grace`,
 * `--hide-undercluster-pins`, `--capacity-share`, `--overcluster*`). See docs/topologies.md.
 */
export interface OwnershipConfig {
  /**
   * A label recorded with this node's claims on the undercluster's pins
   *
   * @default undefined
   */
  tenant?: string
  /**
   * Name template of the pins this node makes: `{name}`, `{cid}`, `{tenant}`
   *
   * @default '{name}', as `<tenant>:{name}` with a tenant
   */
  pinName?: string
  /**
   * Metadata this node asks for on every pin it makes
   *
   * @default {}
   */
  pinMetadata?: Record<string, string>
  /**
   * ms an undercluster pin stays after its last owner left; keep it above the overclusters'
   * `pin_recover_interval` (12 min by default)
   *
   * @default 3600000
   */
  releaseGrace?: number
  /**
   * pin/ls lists only this node's own claims, not the undercluster's own pins
   *
   * @default false
   */
  hideUnderclusterPins?: boolean
  /**
   * `auto` (divide the undercluster's capacity by the composite nodes in front of it), or a
   * fixed share: `1`, `1/3`, `0.25`
   *
   * @default 'auto'
   */
  capacityShare?: string
  /**
   * REST API URLs of the overcluster whose peers use this node (repeatable, failover)
   *
   * @default []
   */
  overcluster?: string[]
  /**
   * `USER:PASSWORD` for the overcluster's REST API. Also `COMPOSITE_IPFS_OVERCLUSTER_BASIC_AUTH`.
   *
   * @default undefined
   */
  overclusterBasicAuthFile?: string
  /**
   * A file holding a JWT for the overcluster's REST API. Also `COMPOSITE_IPFS_OVERCLUSTER_TOKEN`.
   *
   * @default undefined
   */
  overclusterTokenFile?: string
  /**
   * PEM CA of the overcluster REST API's HTTPS certificate. Relative to the config file.
   *
   * @default undefined
   */
  overclusterCa?: string
  /**
   * Where the undercluster replication of an overcluster's pin comes from: `node` or `overcluster`
   *
   * @default 'node'
   */
  overclusterReplication?: ReplicationPolicy
}

/** The ownership settings as the cluster connector takes them */
export interface ResolvedOwnership {
  tenant?: string
  pinName?: string
  pinMetadata?: Record<string, string>
  releaseGrace?: number
  showUnderclusterPins: boolean
  capacityShare: CapacityShareInit
  overcluster?: OverclusterInit & { tls?: { ca: Buffer } }
}

export const OWNERSHIP_STRINGS = ['tenant', 'pinName', 'capacityShare', 'overclusterBasicAuthFile', 'overclusterTokenFile', 'overclusterCa', 'overclusterReplication'] as const
export const OWNERSHIP_PATHS = ['overclusterBasicAuthFile', 'overclusterTokenFile', 'overclusterCa'] as const
export const OWNERSHIP_LISTS = ['overcluster'] as const
export const OWNERSHIP_INTEGERS = ['releaseGrace'] as const
export const OWNERSHIP_BOOLEANS = ['hideUnderclusterPins'] as const
export const OWNERSHIP_OBJECTS = ['pinMetadata'] as const
/** Settings that mean nothing without `--cluster` */
const CLUSTER_ONLY = ['tenant', 'pinName', 'pinMetadata', 'releaseGrace', 'hideUnderclusterPins', 'capacityShare', 'overcluster', 'overclusterBasicAuthFile', 'overclusterTokenFile', 'overclusterCa', 'overclusterReplication'] as const


/** `--pin-metadata KEY=VALUE` (repeatable) as an object; names the flag and the value on error */
export function parseMetadataFlags (values: string[] | undefined): Record<string, string> | undefined {
  if (values === undefined) return undefined
  const metadata: Record<string, string> = {}
  for (const value of values) {
    const at = value.indexOf('=')
    if (at <= 0) throw new InvalidConfigError(`--pin-metadata must be KEY=VALUE, got "${value}"`)
    metadata[value.slice(0, at)] = value.slice(at + 1)
  }
  return metadata
}

async function readSecret (path: string, what: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim()
  } catch (err) {
    throw new InvalidConfigError(`cannot read the ${what} file ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
}

/** Checks and resolves the merged ownership settings (secrets from files or the environment) */
export async function resolveOwnership (merged: OwnershipConfig & { cluster?: string[] }, env: NodeJS.ProcessEnv): Promise<ResolvedOwnership> {
  const given = CLUSTER_ONLY.filter(key => merged[key] !== undefined)
  if ((merged.cluster ?? []).length === 0) {
    if (given.length > 0) throw new InvalidConfigError(`${given.map(flagOf).join(', ')} given without --cluster`)
    return { showUnderclusterPins: true, capacityShare: 'auto' }
  }
  // the connector's own rules (its package is loaded only for a cluster backend); the messages name the flags
  const { MIN_RELEASE_GRACE, RESERVED_PREFIX, TENANT_PATTERN, TENANT_RULE, parseShare } = await import('@composite-ipfs/connector-cluster')
  if (merged.tenant !== undefined && !TENANT_PATTERN.test(merged.tenant)) {
    throw new InvalidConfigError(`--tenant must be ${TENANT_RULE}, got "${merged.tenant}"`)
  }
  for (const [key, value] of Object.entries(merged.pinMetadata ?? {})) {
    if (key.startsWith(RESERVED_PREFIX)) throw new InvalidConfigError(`--pin-metadata key "${key}" is reserved: keys starting with ${RESERVED_PREFIX} are written by composite nodes`)
    if (typeof value !== 'string') throw new InvalidConfigError(`"pinMetadata" values must be strings, got ${typeof value} for "${key}"`)
  }
  if (merged.releaseGrace !== undefined && merged.releaseGrace < MIN_RELEASE_GRACE) throw new InvalidConfigError(`--release-grace must be at least ${MIN_RELEASE_GRACE} (ms), got ${merged.releaseGrace}`)
  const share = merged.capacityShare ?? 'auto'
  const parsed = share === 'auto' ? 'auto' : parseShare(share)
  if (parsed === undefined) throw new InvalidConfigError(`--capacity-share must be auto, 1, a fraction like 1/3 or a decimal like 0.25 (in (0, 1]), got "${share}"`)
  const policy = merged.overclusterReplication
  if (policy !== undefined && policy !== 'node' && policy !== 'overcluster') throw new InvalidConfigError(`--overcluster-replication must be node or overcluster, got "${String(policy)}"`)
  const overcluster = merged.overcluster ?? []
  const overSettings = [merged.overclusterBasicAuthFile, merged.overclusterTokenFile, merged.overclusterCa, policy].some(v => v !== undefined)
  if (overcluster.length === 0 && overSettings) throw new InvalidConfigError('overcluster settings given without --overcluster')
  return {
    tenant: merged.tenant,
    pinName: merged.pinName,
    pinMetadata: merged.pinMetadata,
    releaseGrace: merged.releaseGrace,
    showUnderclusterPins: merged.hideUnderclusterPins !== true,
    capacityShare: parsed,
    overcluster: overcluster.length === 0 ? undefined : await overclusterInit(merged, overcluster, env)
  }
}

async function overclusterInit (merged: OwnershipConfig, rest: string[], env: NodeJS.ProcessEnv): Promise<ResolvedOwnership['overcluster']> {
  const basic = merged.overclusterBasicAuthFile !== undefined
    ? await readSecret(merged.overclusterBasicAuthFile, 'overcluster basic auth')
    : nonEmpty(env.COMPOSITE_IPFS_OVERCLUSTER_BASIC_AUTH)
  const token = merged.overclusterTokenFile !== undefined
    ? await readSecret(merged.overclusterTokenFile, 'overcluster token')
    : nonEmpty(env.COMPOSITE_IPFS_OVERCLUSTER_TOKEN)
  if (basic !== undefined && token !== undefined) throw new InvalidConfigError('give either overcluster basic auth or an overcluster token, not both')
  if (basic !== undefined && !basic.includes(':')) throw new InvalidConfigError('overcluster basic auth must be USER:PASSWORD')
  const ca = merged.overclusterCa === undefined ? undefined : Buffer.from(await readSecret(merged.overclusterCa, 'overcluster CA'))
  const at = basic?.indexOf(':') ?? -1
  return {
    rest: rest.map(url => ca === undefined ? url : { url, tls: { ca } }),
    basicAuth: basic === undefined ? undefined : { username: basic.slice(0, at), password: basic.slice(at + 1) },
    token,
    replication: merged.overclusterReplication
  }
}

function nonEmpty (value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

/** The command-line flag of a setting, for messages */
function flagOf (key: string): string {
  return `--${key.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}`
}
