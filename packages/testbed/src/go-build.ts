import { access, mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { DaemonBuildError, GoNotFoundError } from './errors.ts'
import { buildProgress } from './build-progress.ts'
import { runCommand } from './run-command.ts'
import type { ProgressSink } from './build-progress.ts'
import type { DaemonModule } from './versions.ts'

const INSTALL_GO = 'Install Go 1.21 or newer (https://go.dev/doc/install; older versions cannot fetch the Go toolchain these versions need), ' +
  'or point KUBO_BIN, IPFS_CLUSTER_SERVICE_BIN and IPFS_CLUSTER_CTL_BIN at prebuilt binaries.'

function goEnv (extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // static binaries, and no go.work from a parent directory steering the build
  return { ...process.env, CGO_ENABLED: '0', GOWORK: 'off', ...extra }
}

async function checkGo (): Promise<void> {
  try {
    const { code } = await runCommand('go', ['version'])
    if (code === 0) return
  } catch {}
  throw new GoNotFoundError(`The Kubo and ipfs-cluster binaries are not built yet, and \`go\` was not found on PATH. ${INSTALL_GO}`)
}

function tail (text: string, lines = 25): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

/** The way the project asks for first: `go install pkg@version` into a chosen GOBIN */
async function goInstall (mod: DaemonModule, outDir: string, onLine: (line: string) => void): Promise<string | undefined> {
  const pkgs = mod.commands.map((cmd) => `${mod.module}/${cmd.slice(2)}@${mod.version}`)
  const result = await runCommand('go', ['install', '-v', '-trimpath', ...pkgs], { env: goEnv({ GOBIN: outDir }), onLine })
  return result.code === 0 ? undefined : tail(result.stderr, 5)
}

/**
 * The fallback: `go install` refuses both modules (kubo's go.mod has `exclude` directives;
 * ipfs-cluster's deprecation check gets a 403 on the proxy's `@v/list`). Downloading the module
 * at the pinned version and building its commands in place builds the same upstream code.
 */
async function goBuildInModule (mod: DaemonModule, outDir: string, onLine: (line: string) => void): Promise<void> {
  const download = await runCommand('go', ['mod', 'download', '-json', `${mod.module}@${mod.version}`], { env: goEnv(), onLine })
  let dir: string | undefined
  try {
    const info = JSON.parse(download.stdout) as { Dir?: string, Error?: string }
    if (info.Error !== undefined) throw new Error(info.Error)
    dir = info.Dir
  } catch (err: any) {
    throw new DaemonBuildError(`go mod download ${mod.module}@${mod.version} failed: ${err.message}\n${tail(download.stderr)}`)
  }
  if (download.code !== 0 || dir === undefined) {
    throw new DaemonBuildError(`go mod download ${mod.module}@${mod.version} failed (exit ${download.code})\n${tail(download.stderr)}`)
  }
  const build = await runCommand('go', ['build', '-v', '-trimpath', '-o', `${outDir}/`, ...mod.commands], { cwd: dir, env: goEnv(), onLine })
  if (build.code !== 0) {
    throw new DaemonBuildError(`go build of ${mod.module}@${mod.version} failed (exit ${build.code})\n${tail(build.stderr)}`)
  }
}

/**
 * Builds one daemon module into `finalDir`: into a temporary sibling directory first, renamed
 * into place only when every binary is there, so a half-built cache entry never exists.
 * The caller holds the build lock.
 */
export async function buildModule (mod: DaemonModule, finalDir: string, sink?: ProgressSink): Promise<void> {
  await checkGo()
  const tmpDir = `${finalDir}.tmp-${process.pid}-${Date.now()}`
  await mkdir(tmpDir, { recursive: true })
  const progress = buildProgress(`${mod.module}@${mod.version}`, sink)
  const onLine = (line: string): void => { progress.line(line) }
  try {
    const installFailure = await goInstall(mod, tmpDir, onLine)
    if (installFailure !== undefined) {
      sink?.(`go install failed (${installFailure.split('\n')[0]} ...); building the module in place instead`)
      await goBuildInModule(mod, tmpDir, onLine)
    }
    for (const name of mod.binaries) {
      await access(join(tmpDir, name)).catch(() => {
        throw new DaemonBuildError(`the build of ${mod.module}@${mod.version} did not produce ${name}`)
      })
    }
    await rename(tmpDir, finalDir)
    progress.done(`built ${mod.dirName} into ${finalDir}`)
  } catch (err) {
    progress.done(`building ${mod.dirName} failed`)
    throw err
  } finally {
    await rm(tmpDir, { recursive: true, force: true })
  }
}
