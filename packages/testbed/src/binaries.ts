import { access, constants, mkdir } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { acquireLock } from './build-lock.ts'
import { stderrSink } from './build-progress.ts'
import { buildModule } from './go-build.ts'
import { DaemonBuildError } from './errors.ts'
import { CLUSTER_MODULE, KUBO_MODULE } from './versions.ts'
import type { ProgressSink } from './build-progress.ts'
import type { DaemonModule } from './versions.ts'

/** Absolute paths of the daemon binaries */
export interface Binaries {
  /** Kubo's `ipfs` */
  ipfs: string
  /** `ipfs-cluster-service` */
  clusterService: string
  /** `ipfs-cluster-ctl` */
  clusterCtl: string
}

export interface BinariesInit {
  /**
   * Build missing binaries from their Go sources (needs Go). When `false`, a missing binary is an error.
   *
   * @default true
   */
  build?: boolean
  /**
   * Where build progress goes; `false` for silence.
   *
   * @default a line writer on process.stderr
   */
  progress?: ProgressSink | false
  /**
   * Root of the binary cache; each version builds into `<cacheDir>/<name>@<version>/`.
   *
   * @default `${XDG_CACHE_HOME:-~/.cache}/composite-ipfs/bin`
   */
  cacheDir?: string
}

/** `${XDG_CACHE_HOME:-~/.cache}/composite-ipfs/bin` */
export function defaultCacheDir (): string {
  const xdg = process.env.XDG_CACHE_HOME
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'composite-ipfs', 'bin')
}

async function isExecutable (path: string): Promise<boolean> {
  return await access(path, constants.X_OK).then(() => true, () => false)
}

async function fromEnv (variable: string): Promise<string | undefined> {
  const path = process.env[variable]
  if (path === undefined || path === '') return undefined
  if (!await isExecutable(path)) {
    throw new DaemonBuildError(`${variable}=${path} is not an executable file`)
  }
  return path
}

/** Returns the module's cache directory, building it first (under the lock) when it is missing */
async function ensureModule (mod: DaemonModule, init: Required<Pick<BinariesInit, 'build' | 'cacheDir'>> & { sink?: ProgressSink }): Promise<string> {
  const dir = join(init.cacheDir, mod.dirName)
  const complete = async (): Promise<boolean> => (await Promise.all(mod.binaries.map(async (name) => await isExecutable(join(dir, name))))).every(Boolean)
  if (await complete()) return dir
  if (!init.build) {
    throw new DaemonBuildError(`${mod.dirName} is not built in ${init.cacheDir}; run \`node scripts/setup.mjs\` or set the *_BIN environment variables`)
  }
  await mkdir(init.cacheDir, { recursive: true })
  const release = await acquireLock(join(init.cacheDir, `.${mod.dirName}.lock`), (holder) => {
    init.sink?.(`waiting for process ${holder} to finish building ${mod.dirName}`)
  })
  try {
    // another process may have built it while we waited for the lock
    if (!await complete()) await buildModule(mod, dir, init.sink)
  } finally {
    await release()
  }
  return dir
}

async function resolveBinaries (init: BinariesInit): Promise<Binaries> {
  const options = {
    build: init.build ?? true,
    cacheDir: init.cacheDir ?? defaultCacheDir(),
    sink: init.progress === false ? undefined : (init.progress ?? stderrSink())
  }
  const [kuboEnv, serviceEnv, ctlEnv] = await Promise.all([
    fromEnv('KUBO_BIN'), fromEnv('IPFS_CLUSTER_SERVICE_BIN'), fromEnv('IPFS_CLUSTER_CTL_BIN')
  ])
  // one build at a time: two cold Go builds in parallel only thrash a small machine
  const kuboDir = kuboEnv === undefined ? await ensureModule(KUBO_MODULE, options) : undefined
  const clusterDir = serviceEnv === undefined || ctlEnv === undefined ? await ensureModule(CLUSTER_MODULE, options) : undefined
  return {
    ipfs: kuboEnv ?? join(kuboDir ?? '', 'ipfs'),
    clusterService: serviceEnv ?? join(clusterDir ?? '', 'ipfs-cluster-service'),
    clusterCtl: ctlEnv ?? join(clusterDir ?? '', 'ipfs-cluster-ctl')
  }
}

let cached: Promise<Binaries> | undefined

/**
 * Finds the Kubo and ipfs-cluster binaries: from `KUBO_BIN`, `IPFS_CLUSTER_SERVICE_BIN` and
 * `IPFS_CLUSTER_CTL_BIN` when set, else from the version-keyed cache, else by building the
 * pinned upstream versions with Go (once, under a lock shared by all processes).
 * Calls without `init` share one lookup per process.
 *
 * @example
 *
 * ```ts
 * import { binaries } from '@composite-ipfs/testbed'
 *
 * const { ipfs, clusterService, clusterCtl } = await binaries()
 * ```
 */
export async function binaries (init?: BinariesInit): Promise<Binaries> {
  if (init !== undefined) return await resolveBinaries(init)
  cached ??= resolveBinaries({})
  cached.catch(() => { cached = undefined })
  return await cached
}
