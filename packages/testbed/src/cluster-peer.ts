import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { basicAuthorization } from '@composite-ipfs/interface'
import { Agent } from 'undici'
import { binaries as findBinaries } from './binaries.ts'
import { DaemonProcess } from './daemon-process.ts'
import { DaemonStartError } from './errors.ts'
import { fetchJson, fetchJsonLines } from './http-json.ts'
import { multiaddrToUrl } from './kubo.ts'
import { registry } from './process-registry.ts'
import { runCommand } from './run-command.ts'
import { testServiceConfig } from './service-config.ts'
import type { ClusterPeerOptions, RestTls } from './cluster-options.ts'
import type { HttpJsonOptions } from './http-json.ts'
import type { KuboDaemon } from './kubo.ts'

/** One running `ipfs-cluster-service` peer */
export interface ClusterPeer {
  /** `peername` in service.json, for logs */
  readonly name: string
  /** The cluster peer ID (`identity.json` → `id`) */
  readonly id: string
  /** `http://127.0.0.1:PORT`, the REST API (`https://` with `restTls`) */
  readonly restUrl: string
  readonly restMultiaddr: string
  /** ipfs-cluster's own IPFS proxy, when started with `proxy: true` */
  readonly proxyUrl?: string
  readonly proxyMultiaddr?: string
  /** The peer's libp2p addresses, ending in `/p2p/<id>` */
  readonly clusterAddresses: string[]
  /** The IPFS daemon this peer drives (`ipfshttp.node_multiaddress`) */
  readonly ipfsMultiaddr: string
  /** The peer's own Kubo (undercluster peers only) */
  readonly kubo?: KuboDaemon
  /** The config folder holding service.json, identity.json and the state; removed by `stop()` */
  readonly configPath: string
  readonly pid: number
  /** The last `logBytes` of the daemon's output */
  logs(): string
  /** GET (or `options.method`) a REST path and parse its JSON; throws `HttpStatusError` outside 2xx */
  rest<T = unknown>(path: string, options?: HttpJsonOptions): Promise<T>
  /** Like `rest`, for streaming answers (`/peers`, `/pins`): every JSON value, `[]` for a 204 */
  restLines<T = unknown>(path: string, options?: HttpJsonOptions): Promise<T[]>
  /**
   * Stops the daemon (SIGTERM) and starts it again on the same folder, state and ports (the
   * ones its first launch bound are written into its service.json), as an operator's restart
   * does; resolves once it is READY again.
   */
  restart(): Promise<void>
  /** Stops the daemon (SIGTERM, then SIGKILL) and removes its folder. Safe to call twice. */
  stop(): Promise<void>
}

export interface ClusterPeerInit extends ClusterPeerOptions {
  secret: string
  peername: string
  ipfsMultiaddr: string
  connectSwarmsDelay: string
  kubo?: KuboDaemon
}

/** A fresh 32-byte cluster secret, hex */
export function clusterSecret (): string {
  return randomBytes(32).toString('hex')
}

/** The inherited environment without variables that would override service.json */
function clusterEnv (extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('CLUSTER_') && key !== 'IPFS_CLUSTER_PATH') env[key] = value
  }
  return { ...env, ...extra }
}

/** An undici agent trusting the REST API's CA, for the testbed's own calls; none for plain HTTP */
async function restDispatcher (tls: RestTls | undefined): Promise<Agent | undefined> {
  return tls === undefined ? undefined : new Agent({ connect: { ca: await readFile(tls.caFile ?? tls.certFile) } })
}

export function basicAuthHeader (credentials: Record<string, string> | undefined): Record<string, string> {
  const [user, password] = Object.entries(credentials ?? {})[0] ?? []
  return user === undefined ? {} : { authorization: basicAuthorization(user, password ?? '') }
}

/** A peer whose folder is initialised (`init` takes a second, so clusters prepare all peers at once) but not started */
export interface PreparedClusterPeer {
  /** The cluster peer ID, known before start */
  readonly id: string
  /** Writes service.json with `peerAddresses` (running peers to join) and starts the daemon */
  launch(peerAddresses: string[]): Promise<ClusterPeer>
  /** Stops the peer if it was launched, and removes its folder (the launched peer's `stop()`) */
  discard(): Promise<void>
}

export async function prepareClusterPeer (init: ClusterPeerInit): Promise<PreparedClusterPeer> {
  const { clusterService } = init.binaries ?? await findBinaries()
  const configPath = await mkdtemp(join(tmpdir(), 'composite-ipfs-cluster-'))
  registry.addDir(configPath)
  const env = clusterEnv(init.env)
  let daemon: DaemonProcess | undefined
  let dispatcher: Agent | undefined
  const stop = async (): Promise<void> => {
    await daemon?.stop(init.stopGraceMs ?? 10_000)
    await dispatcher?.close()
    await rm(configPath, { recursive: true, force: true })
    registry.removeDir(configPath)
  }
  const spawnDaemon = (): DaemonProcess => new DaemonProcess({ name: init.peername, command: clusterService, args: ['--config', configPath, 'daemon'], env, logBytes: init.logBytes ?? 256 * 1024 })
  const timeout = init.startTimeoutMs ?? 60_000
  /** The ports the first launch bound (every listener asked for port 0): a restart keeps them */
  let bound: { rest: string, proxy?: string, cluster: string[] } | undefined
  const restart = async (): Promise<void> => {
    await daemon?.stop(init.stopGraceMs ?? 10_000)
    if (bound !== undefined) {
      const servicePath = join(configPath, 'service.json')
      const config = JSON.parse(await readFile(servicePath, 'utf8'))
      config.api.restapi.http_listen_multiaddress = bound.rest
      if (bound.proxy !== undefined) config.api.ipfsproxy.listen_multiaddress = bound.proxy
      config.cluster.listen_multiaddress = bound.cluster
      await writeFile(servicePath, JSON.stringify(config, null, 2))
    }
    daemon = spawnDaemon()
    await daemon.waitForLine(/\*\* IPFS Cluster is READY \*\*/, timeout)
  }
  const launch = async (peerAddresses: string[]): Promise<ClusterPeer> => {
    const servicePath = join(configPath, 'service.json')
    const generated = JSON.parse(await readFile(servicePath, 'utf8'))
    await writeFile(servicePath, JSON.stringify(testServiceConfig(generated, { ...init, peerAddresses }), null, 2))
    daemon = spawnDaemon()
    const [rest, proxy] = await Promise.all([
      daemon.waitForLine(/RESTAPI \(HTTP[^)]*\): (\S+)/, timeout),
      init.proxy === true ? daemon.waitForLine(/IPFS Proxy: (\S+) ->/, timeout) : undefined,
      daemon.waitForLine(/\*\* IPFS Cluster is READY \*\*/, timeout)
    ])
    // the log line says "(HTTP)" with TLS too
    const restUrl = multiaddrToUrl(rest[1]).replace(/^http:/, init.restTls === undefined ? 'http:' : 'https:')
    const headers = basicAuthHeader(init.restBasicAuth)
    dispatcher = await restDispatcher(init.restTls)
    const options = (extra: HttpJsonOptions = {}): HttpJsonOptions => ({ dispatcher, ...extra, headers: { ...headers, ...extra.headers } })
    const id = await fetchJson<{ id: string, addresses: string[] | null }>(`${restUrl}/id`, options())
    if (id.id !== identity.id) throw new DaemonStartError(`${init.peername}: REST /id says ${id.id}, identity.json says ${identity.id}`)
    const clusterAddresses = (id.addresses ?? []).filter((addr) => addr.startsWith('/ip4/127.0.0.1/tcp/'))
    bound = { rest: rest[1], proxy: proxy?.[1], cluster: [...new Set(clusterAddresses.map((addr) => addr.replace(/\/p2p\/.*$/, '')))] }
    return {
      name: init.peername,
      id: id.id,
      restUrl,
      restMultiaddr: rest[1],
      proxyUrl: proxy === undefined ? undefined : multiaddrToUrl(proxy[1]),
      proxyMultiaddr: proxy?.[1],
      clusterAddresses,
      ipfsMultiaddr: init.ipfsMultiaddr,
      kubo: init.kubo,
      configPath,
      get pid () { return daemon?.pid ?? 0 },
      logs: () => daemon?.logs() ?? '',
      rest: async (path, extra) => await fetchJson(`${restUrl}${path}`, options(extra)),
      restLines: async (path, extra) => await fetchJsonLines(`${restUrl}${path}`, options(extra)),
      restart,
      stop
    }
  }
  let identity: { id: string }
  try {
    const initResult = await runCommand(clusterService, ['--config', configPath, 'init', '--consensus', 'crdt', '--force'], { env })
    if (initResult.code !== 0) throw new DaemonStartError(`ipfs-cluster-service init failed (exit ${initResult.code}): ${initResult.stderr}`)
    identity = JSON.parse(await readFile(join(configPath, 'identity.json'), 'utf8'))
  } catch (err) {
    await stop()
    throw err
  }
  return {
    id: identity.id,
    async launch (peerAddresses) {
      try {
        return await launch(peerAddresses)
      } catch (err) {
        await stop()
        throw err
      }
    },
    discard: stop
  }
}
