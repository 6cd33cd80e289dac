import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { basicAuthorization } from '@composite-ipfs/interface'
import { InvalidConfigError } from './errors.ts'
import { resolveTrust } from './trust.ts'
import { TRUST_BOOLEANS, TRUST_INTEGERS, TRUST_OBJECTS, TRUST_PATHS, TRUST_STRINGS } from './trust-config.ts'
import { OWNERSHIP_BOOLEANS, OWNERSHIP_INTEGERS, OWNERSHIP_LISTS, OWNERSHIP_OBJECTS, OWNERSHIP_PATHS, OWNERSHIP_STRINGS, resolveOwnership } from './ownership-config.ts'
import { resolveTuning, TUNING_INTEGERS, TUNING_KEYS, validateTuning } from './tuning-config.ts'
import { FORWARDING_LISTS, resolveForwarding } from './forwarding-config.ts'
import { LOGGING_STRINGS, resolveLogging } from './logging.ts'
import type { LoggingConfig, ResolvedLogging } from './logging.ts'
import type { ForwardingConfig, ResolvedForwarding } from './forwarding-config.ts'
import type { OwnershipConfig, ResolvedOwnership } from './ownership-config.ts'
import type { ResolvedTrust, TrustConfig } from './trust-config.ts'
import type { ResolvedTuning, TuningConfig } from './tuning-config.ts'

/**
 * Settings of `composite-ipfs serve`. The `--config` JSON file has exactly these keys;
 * command-line flags override the file, and the secret-carrying settings can also come from
 * the environment (flag > environment > file). The trust settings (auth, TLS, loop protection)
 * are in {@link TrustConfig}.
 */
export interface ServeConfig extends TrustConfig, TuningConfig, OwnershipConfig, ForwardingConfig, LoggingConfig {
  /**
   * Addresses to serve the Kubo RPC API on: multiaddrs (`/ip4/127.0.0.1/tcp/5001`,
   * `/unix/run/ipfs.sock`) or URLs (`http://127.0.0.1:5001`).
   *
   * @default ['/ip4/127.0.0.1/tcp/5001'] (Kubo's own default)
   */
  listen?: string[]
  /**
   * Kubo RPC API URLs to serve from (the Kubo backend); several mean failover.
   *
   * @default []
   */
  kubo?: string[]
  /**
   * ipfs-cluster REST API URLs to serve from (the cluster backend); several mean failover.
   *
   * @default []
   */
  cluster?: string[]
  /**
   * Kubo RPC URLs of the cluster's IPFS daemons, for what the REST API cannot do
   * (block/put, cat, ...) and for summing `repo/stat` over the daemons.
   *
   * @default []
   */
  clusterIpfs?: string[]
  /**
   * `USER:PASSWORD` for the cluster REST API. Also `COMPOSITE_IPFS_CLUSTER_BASIC_AUTH`.
   *
   * @default undefined (no auth)
   */
  clusterBasicAuth?: string
  /**
   * A file holding `USER:PASSWORD` (trailing newline ignored). Relative to the config file.
   *
   * @default undefined
   */
  clusterBasicAuthFile?: string
  /**
   * A JWT for the cluster REST API (from its `POST /token`). Also `COMPOSITE_IPFS_CLUSTER_TOKEN`.
   *
   * @default undefined (no auth)
   */
  clusterToken?: string
  /**
   * A file holding the JWT (trailing newline ignored). Relative to the config file.
   *
   * @default undefined
   */
  clusterTokenFile?: string
  /**
   * Replication factor for pins made through this node; -1 means every peer.
   *
   * @default undefined (the cluster's own default)
   */
  replicationMin?: number
  /**
   * @default undefined (the cluster's own default)
   */
  replicationMax?: number
  /**
   * Options for the header policy middleware (`headerPolicy(...)` of `@composite-ipfs/header-policy`).
   *
   * @default {}
   */
  headerPolicy?: Record<string, unknown>
}


/** ServeConfig after merging, validating and reading secret files */
export interface ResolvedServeConfig extends ResolvedTrust, ResolvedTuning, ResolvedOwnership, ResolvedForwarding, ResolvedLogging {
  listen: string[]
  backend: 'kubo' | 'cluster'
  kubo: string[]
  cluster: string[]
  clusterIpfs: string[]
  /** The full `Authorization` value for the cluster REST API (`Basic ...` or `Bearer ...`) */
  clusterAuthorization?: string
  replicationMin?: number
  replicationMax?: number
  headerPolicy: Record<string, unknown>
}

const STRING_LISTS = ['listen', 'kubo', 'cluster', 'clusterIpfs', ...OWNERSHIP_LISTS, ...FORWARDING_LISTS] as const
const STRINGS = ['clusterBasicAuth', 'clusterBasicAuthFile', 'clusterToken', 'clusterTokenFile', ...TRUST_STRINGS, ...OWNERSHIP_STRINGS, ...LOGGING_STRINGS] as const
const INTEGERS = ['replicationMin', 'replicationMax', ...TRUST_INTEGERS, ...TUNING_INTEGERS, ...OWNERSHIP_INTEGERS] as const
const OBJECTS = ['headerPolicy', ...TRUST_OBJECTS, ...OWNERSHIP_OBJECTS] as const
const BOOLEANS = [...TRUST_BOOLEANS, ...OWNERSHIP_BOOLEANS] as const
const KNOWN = new Set<string>([...STRING_LISTS, ...STRINGS, ...INTEGERS, ...OBJECTS, ...BOOLEANS, ...TUNING_KEYS])
/** Settings naming files: relative to the config file that sets them */
const PATHS = ['clusterBasicAuthFile', 'clusterTokenFile', ...TRUST_PATHS, ...OWNERSHIP_PATHS] as const

/** Checks a parsed config file's shape; unknown keys are errors (a typo must not be ignored) */
export function validateConfig (value: unknown, source: string): ServeConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidConfigError(`${source}: expected a JSON object`)
  const config = value as Record<string, unknown>
  for (const key of Object.keys(config)) {
    if (!KNOWN.has(key)) throw new InvalidConfigError(`${source}: unknown setting "${key}" (known: ${[...KNOWN].join(', ')})`)
  }
  for (const key of STRING_LISTS) {
    const list = config[key]
    if (list !== undefined && (!Array.isArray(list) || !list.every((item) => typeof item === 'string'))) throw new InvalidConfigError(`${source}: "${key}" must be an array of strings`)
  }
  for (const key of STRINGS) {
    if (config[key] !== undefined && typeof config[key] !== 'string') throw new InvalidConfigError(`${source}: "${key}" must be a string`)
  }
  for (const key of INTEGERS) {
    if (config[key] !== undefined && !Number.isInteger(config[key])) throw new InvalidConfigError(`${source}: "${key}" must be an integer`)
  }
  for (const key of OBJECTS) {
    const object = config[key]
    if (object !== undefined && (typeof object !== 'object' || object === null || Array.isArray(object))) throw new InvalidConfigError(`${source}: "${key}" must be an object`)
  }
  for (const key of BOOLEANS) {
    if (config[key] !== undefined && typeof config[key] !== 'boolean') throw new InvalidConfigError(`${source}: "${key}" must be true or false`)
  }
  validateTuning(config, source)
  return config as ServeConfig
}

/** Reads and validates a `--config` file; relative secret-file paths become relative to it */
export async function loadConfigFile (path: string): Promise<ServeConfig> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err: any) {
    throw new InvalidConfigError(`cannot read config file ${path}: ${err.message}`, { cause: err })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err: any) {
    throw new InvalidConfigError(`${path} is not valid JSON: ${err.message}`, { cause: err })
  }
  const config = validateConfig(parsed, path)
  const base = dirname(resolve(path))
  const resolved: Record<string, unknown> = { ...config }
  for (const key of PATHS) {
    const value = config[key]
    if (value !== undefined) resolved[key] = resolve(base, value)
  }
  return resolved as ServeConfig
}

async function readSecret (path: string, what: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim()
  } catch (err: any) {
    throw new InvalidConfigError(`cannot read the ${what} file ${path}: ${err.message}`, { cause: err })
  }
}

function pickDefined<T> (...values: Array<T | undefined>): T | undefined {
  return values.find((value) => value !== undefined)
}

/**
 * Merges the layers (each later layer's defined keys win), takes secrets from the environment
 * when no flag gives them, reads secret files, and checks that exactly one backend is chosen.
 */
export async function resolveConfig (file: ServeConfig, flags: ServeConfig, env: NodeJS.ProcessEnv = process.env, isTty = false): Promise<ResolvedServeConfig> {
  const merged: ServeConfig = { ...file }
  for (const [key, value] of Object.entries(flags)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value
  }
  // a secret given on a higher layer replaces the whole auth setting of the lower ones
  const flagAuth = [flags.clusterBasicAuth, flags.clusterBasicAuthFile, flags.clusterToken, flags.clusterTokenFile].some((v) => v !== undefined)
  const envBasic = env.COMPOSITE_IPFS_CLUSTER_BASIC_AUTH === '' ? undefined : env.COMPOSITE_IPFS_CLUSTER_BASIC_AUTH
  const envToken = env.COMPOSITE_IPFS_CLUSTER_TOKEN === '' ? undefined : env.COMPOSITE_IPFS_CLUSTER_TOKEN
  const auth = flagAuth
    ? flags
    : envBasic !== undefined || envToken !== undefined
      ? { clusterBasicAuth: envBasic, clusterToken: envToken }
      : file
  const basic = pickDefined(auth.clusterBasicAuth, auth.clusterBasicAuthFile === undefined ? undefined : await readSecret(auth.clusterBasicAuthFile, 'basic auth'))
  const token = pickDefined(auth.clusterToken, auth.clusterTokenFile === undefined ? undefined : await readSecret(auth.clusterTokenFile, 'token'))
  if (basic !== undefined && token !== undefined) throw new InvalidConfigError('give either cluster basic auth or a cluster token, not both')
  if (basic !== undefined && !basic.includes(':')) throw new InvalidConfigError('cluster basic auth must be USER:PASSWORD')

  const kubo = merged.kubo ?? []
  const cluster = merged.cluster ?? []
  if (kubo.length > 0 && cluster.length > 0) throw new InvalidConfigError('choose one backend: --kubo or --cluster, not both')
  if (kubo.length === 0 && cluster.length === 0) throw new InvalidConfigError('no backend: give --kubo URL or --cluster URL (or "kubo"/"cluster" in the config file)')
  if (cluster.length === 0 && (basic !== undefined || token !== undefined || (merged.clusterIpfs ?? []).length > 0)) {
    throw new InvalidConfigError('cluster settings given without --cluster')
  }
  const listen = merged.listen ?? []
  const tuning = resolveTuning(merged)
  const forwarding = resolveForwarding(merged)
  const logging = resolveLogging(merged, isTty)
  const trust = await resolveTrust(file, flags, merged, env)
  const ownership = await resolveOwnership(merged, env)
  if (cluster.length === 0 && (trust.clusterTls !== undefined)) throw new InvalidConfigError('cluster TLS settings given without --cluster')
  return {
    ...trust,
    ...tuning,
    ...ownership,
    ...forwarding,
    ...logging,
    listen: listen.length > 0 ? listen : ['/ip4/127.0.0.1/tcp/5001'],
    backend: kubo.length > 0 ? 'kubo' : 'cluster',
    kubo,
    cluster,
    clusterIpfs: merged.clusterIpfs ?? [],
    clusterAuthorization: basic !== undefined
      ? basicAuthorization(basic.slice(0, basic.indexOf(':')), basic.slice(basic.indexOf(':') + 1))
      : token === undefined ? undefined : `Bearer ${token}`,
    replicationMin: merged.replicationMin,
    replicationMax: merged.replicationMax,
    headerPolicy: merged.headerPolicy ?? {}
  }
}
