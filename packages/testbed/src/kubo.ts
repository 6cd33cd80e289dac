import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { binaries as findBinaries } from './binaries.ts'
import { DaemonProcess } from './daemon-process.ts'
import { deepMerge } from './deep-merge.ts'
import { DaemonStartError } from './errors.ts'
import { fetchJson, fetchJsonLines } from './http-json.ts'
import { registry } from './process-registry.ts'
import { runCommand } from './run-command.ts'
import type { Binaries } from './binaries.ts'
import type { CommandResult } from './run-command.ts'

export interface KuboInit {
  /**
   * `Datastore.StorageMax`. An empty string removes the limit: `repo/stat` then reports
   * `StorageMax` 18446744073709551615 (2^64-1).
   *
   * @default '10GB' (what `ipfs init` writes)
   */
  storageMax?: string
  /**
   * Deep-merged into the repo's config before the daemon starts (objects merge, arrays
   * replace, `undefined` deletes), e.g. `{ API: { HTTPHeaders: { ... } } }`.
   *
   * @default {}
   */
  config?: Record<string, unknown>
  /**
   * Profiles applied by `ipfs init` after `test` (e.g. `unixfs-v1-2025` for deterministic CIDs).
   *
   * @default []
   */
  profiles?: string[]
  /**
   * Extra environment for the daemon, e.g. `{ GOLOG_LOG_LEVEL: 'debug' }`.
   *
   * @default {}
   */
  env?: Record<string, string>
  /**
   * A name for logs and error messages.
   *
   * @default 'kubo'
   */
  name?: string
  /**
   * How long to wait for "Daemon is ready".
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
   * How much of the daemon's output `logs()` keeps.
   *
   * @default 262144 (256 KiB)
   */
  logBytes?: number
  /**
   * The `Authorization` header the testbed's own RPC calls send (the readiness probe, `rpc`,
   * `rpcLines`): needed when `config` sets `API.Authorizations`, as in Kubo's own harness
   * (`test-node-starter`).
   *
   * @example 'Bearer test-node-starter'
   * @default undefined (no header)
   */
  apiAuthorization?: string
  /**
   * The binaries to run.
   *
   * @default the result of `binaries()`
   */
  binaries?: Binaries
}

/** A running Kubo daemon on loopback, with its own temporary repo */
export interface KuboDaemon {
  readonly name: string
  /** `http://127.0.0.1:PORT`, the RPC API */
  readonly apiUrl: string
  /** `/ip4/127.0.0.1/tcp/PORT`, the RPC API (what ipfs-cluster's `node_multiaddress` wants) */
  readonly apiMultiaddr: string
  /** `http://127.0.0.1:PORT`, the HTTP gateway */
  readonly gatewayUrl: string
  readonly gatewayMultiaddr: string
  readonly peerId: string
  /** Swarm addresses ending in `/p2p/<peerId>`, ready for `swarm/connect` */
  readonly swarmAddresses: string[]
  /** The repo (`IPFS_PATH`); removed by `stop()` */
  readonly repoPath: string
  readonly pid: number
  /** The last `logBytes` of the daemon's stdout and stderr */
  logs(): string
  /**
   * Calls an RPC command (POST `/api/v0/<command>`) and parses its one JSON value;
   * throws `HttpStatusError` on a non-2xx answer.
   */
  rpc<T = unknown>(command: string, query?: Record<string, string | string[]>, options?: { signal?: AbortSignal }): Promise<T>
  /** Like `rpc`, for streaming commands: every NDJSON value of the answer */
  rpcLines<T = unknown>(command: string, query?: Record<string, string | string[]>, options?: { signal?: AbortSignal }): Promise<T[]>
  /**
   * Runs the real `ipfs` CLI against this daemon, e.g. `kubo.cli(['pin', 'ls'])`, or against
   * another node when `args` has its own `--api` (e.g. a composite node's multiaddr)
   */
  cli(args: string[]): Promise<CommandResult>
  /** SIGTERM (then SIGKILL after the grace period), then removes the repo. Safe to call twice. */
  stop(): Promise<void>
}

export function rpcUrl (apiUrl: string, command: string, query: Record<string, string | string[]> = {}): string {
  const url = new URL(`/api/v0/${command}`, apiUrl)
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item)
  }
  return url.toString()
}

/** `/ip4/127.0.0.1/tcp/PORT` -> `http://127.0.0.1:PORT` */
export function multiaddrToUrl (multiaddr: string): string {
  const match = multiaddr.match(/^\/ip([46])\/([^/]+)\/tcp\/(\d+)/)
  if (match === null) throw new DaemonStartError(`unexpected address ${multiaddr}`)
  return `http://${match[1] === '6' ? `[${match[2]}]` : match[2]}:${match[3]}`
}

async function prepareRepo (ipfs: string, repoPath: string, env: NodeJS.ProcessEnv, init: KuboInit): Promise<void> {
  const profiles = ['test', ...(init.profiles ?? [])].join(',')
  const result = await runCommand(ipfs, ['init', `--profile=${profiles}`], { env })
  if (result.code !== 0) throw new DaemonStartError(`ipfs init failed (exit ${result.code}): ${result.stderr}${result.stdout}`)
  const configPath = join(repoPath, 'config')
  const config = JSON.parse(await readFile(configPath, 'utf8'))
  if (init.storageMax !== undefined) deepMerge(config, { Datastore: { StorageMax: init.storageMax } })
  deepMerge(config, init.config ?? {})
  await writeFile(configPath, JSON.stringify(config, null, 2))
}

/**
 * Starts a Kubo daemon for tests: a fresh temporary repo initialised with the `test` profile
 * (loopback addresses on free ports, no bootstrap peers, no mDNS, no NAT port mapping), online
 * so daemons can `swarm/connect` to each other. The daemon is killed and its repo removed
 * when this process exits, even if `stop()` is never called.
 *
 * @example
 *
 * ```ts
 * import { startKubo } from '@composite-ipfs/testbed'
 *
 * const kubo = await startKubo({ storageMax: '1GB' })
 * const id = await kubo.rpc<{ ID: string }>('id')
 * await kubo.stop()
 * ```
 */
export async function startKubo (init: KuboInit = {}): Promise<KuboDaemon> {
  const { ipfs } = init.binaries ?? await findBinaries()
  const name = init.name ?? 'kubo'
  const repoPath = await mkdtemp(join(tmpdir(), 'composite-ipfs-kubo-'))
  registry.addDir(repoPath)
  // telemetry off: a test daemon must never phone home
  const env = { ...process.env, IPFS_PATH: repoPath, IPFS_TELEMETRY: 'off', ...init.env }
  let daemon: DaemonProcess | undefined
  const cleanup = async (): Promise<void> => {
    await daemon?.stop(init.stopGraceMs ?? 10_000)
    await rm(repoPath, { recursive: true, force: true })
    registry.removeDir(repoPath)
  }
  try {
    await prepareRepo(ipfs, repoPath, env, init)
    daemon = new DaemonProcess({ name, command: ipfs, args: ['daemon'], env, logBytes: init.logBytes ?? 256 * 1024 })
    const timeout = init.startTimeoutMs ?? 60_000
    const [api, gateway] = await Promise.all([
      daemon.waitForLine(/^RPC API server listening on (\S+)/, timeout),
      daemon.waitForLine(/^Gateway server listening on (\S+)/, timeout),
      daemon.waitForLine(/^Daemon is ready/, timeout)
    ])
    // the api file is what `ipfs --api` clients read; it must agree with the log
    const apiMultiaddr = (await readFile(join(repoPath, 'api'), 'utf8')).trim()
    if (apiMultiaddr !== api[1]) throw new DaemonStartError(`${name}: api file says ${apiMultiaddr}, the log says ${api[1]}`)
    const apiUrl = multiaddrToUrl(apiMultiaddr)
    const headers = init.apiAuthorization === undefined ? undefined : { authorization: init.apiAuthorization }
    const id = await fetchJson<{ ID: string, Addresses: string[] | null }>(rpcUrl(apiUrl, 'id'), { method: 'POST', headers })
    const running = daemon
    return {
      name,
      apiUrl,
      apiMultiaddr,
      gatewayUrl: multiaddrToUrl(gateway[1]),
      gatewayMultiaddr: gateway[1],
      peerId: id.ID,
      swarmAddresses: (id.Addresses ?? []).filter((addr) => addr.includes('/p2p/')),
      repoPath,
      pid: running.pid,
      logs: () => running.logs(),
      rpc: async (command, query, options) => await fetchJson(rpcUrl(apiUrl, command, query), { method: 'POST', headers, signal: options?.signal }),
      rpcLines: async (command, query, options) => await fetchJsonLines(rpcUrl(apiUrl, command, query), { method: 'POST', headers, signal: options?.signal }),
      // an `--api` of the caller's (another node) wins over this daemon's
      cli: async (args) => await runCommand(ipfs, args.some((arg) => arg === '--api' || arg.startsWith('--api=')) ? args : ['--api', apiMultiaddr, ...args], { env }),
      stop: cleanup
    }
  } catch (err) {
    await cleanup()
    throw err
  }
}
