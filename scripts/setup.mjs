#!/usr/bin/env node
/**
 * Prepares a checkout for tests and the demo, on a fresh machine that has only Node (and Go,
 * to build the daemons once). Plain Node, no dependencies: it runs before `pnpm install`.
 *
 *   1. makes sure pnpm exists (`npm i -g pnpm@<pinned>`, else `npx pnpm@<pinned>`)
 *   2. `pnpm install --frozen-lockfile` (plain `pnpm install` when there is no lockfile)
 *   3. builds the packages when a package's dist is missing or older than its sources
 *      (so the `composite-ipfs` bin and the demo work)
 *   4. makes sure the Kubo and ipfs-cluster binaries exist, building them with Go when
 *      needed (the testbed's own build logic: packages/testbed/src/bin/binaries.ts)
 *
 * Flags: --skip-install, --skip-build, --skip-daemons, --force-build
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)))
const PNPM_VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager?.split('@')[1] ?? '10.34.9'
const MIN_NODE = [20, 18]
const flags = new Set(process.argv.slice(2))

function log (message) {
  process.stderr.write(`[setup] ${message}\n`)
}

function fail (message) {
  log(`error: ${message}`)
  process.exit(1)
}

function run (command, args, options = {}) {
  log(`$ ${[command, ...args].join(' ')}`)
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32', ...options })
  if (result.error !== undefined) return { ok: false, error: result.error }
  return { ok: result.status === 0, status: result.status }
}

function works (command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'ignore', shell: process.platform === 'win32' })
  return result.error === undefined && result.status === 0
}

function checkNode () {
  const [major, minor] = process.versions.node.split('.').map(Number)
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
    fail(`Node ${MIN_NODE.join('.')} or newer is needed, this is ${process.versions.node}`)
  }
}

/** Returns how to invoke pnpm: [command, ...leading args] */
function ensurePnpm () {
  if (works('pnpm', ['--version'])) return ['pnpm']
  log(`pnpm not found; installing pnpm@${PNPM_VERSION} with npm`)
  if (run('npm', ['install', '--global', `pnpm@${PNPM_VERSION}`]).ok) {
    if (works('pnpm', ['--version'])) return ['pnpm']
    // installed, but the global bin folder is not on PATH
    const prefix = spawnSync('npm', ['prefix', '--global'], { encoding: 'utf8', shell: process.platform === 'win32' }).stdout?.trim()
    const installed = prefix === undefined || prefix === '' ? undefined : join(prefix, process.platform === 'win32' ? 'pnpm.cmd' : join('bin', 'pnpm'))
    if (installed !== undefined && works(installed, ['--version'])) return [installed]
  }
  log(`a global install was not possible; using npx pnpm@${PNPM_VERSION}`)
  if (works('npx', ['--yes', `pnpm@${PNPM_VERSION}`, '--version'])) return ['npx', '--yes', `pnpm@${PNPM_VERSION}`]
  fail('could not get pnpm: install it (https://pnpm.io/installation) and run this again')
}

function newestMtime (path) {
  if (!existsSync(path)) return 0
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  let newest = 0
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** Packages with a build script whose dist is missing or older than src or package.json */
function stalePackages () {
  const dir = join(ROOT, 'packages')
  return readdirSync(dir).filter((name) => {
    const pkgPath = join(dir, name, 'package.json')
    if (!existsSync(pkgPath)) return false
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'))
    if (pkg.scripts?.build === undefined) return false
    const dist = newestMtime(join(dir, name, 'dist'))
    return dist === 0 || dist < Math.max(newestMtime(join(dir, name, 'src')), newestMtime(pkgPath))
  })
}

checkNode()

const pnpm = ensurePnpm()
const pnpmRun = (args) => run(pnpm[0], [...pnpm.slice(1), ...args])

if (!flags.has('--skip-install')) {
  const frozen = existsSync(join(ROOT, 'pnpm-lock.yaml'))
  if (!pnpmRun(frozen ? ['install', '--frozen-lockfile'] : ['install']).ok) fail('pnpm install failed')
}

if (!flags.has('--skip-build')) {
  const stale = flags.has('--force-build') ? ['(forced)'] : stalePackages()
  if (stale.length > 0) {
    log(`building packages (stale: ${stale.join(', ')})`)
    // the whole graph in dependency order: declaration builds read their dependencies' dist
    if (!pnpmRun(['-r', '--filter', './packages/**', 'run', 'build']).ok) fail('building the packages failed')
  } else {
    log('packages are built and up to date')
  }
}

if (!flags.has('--skip-daemons')) {
  const entry = join(ROOT, 'packages', 'testbed', 'src', 'bin', 'binaries.ts')
  const result = run(process.execPath, ['--conditions=source', '--import', 'tsx', entry], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (!result.ok) fail('the Kubo and ipfs-cluster binaries are missing and could not be built (see above)')
  log('Kubo and ipfs-cluster binaries are ready')
}
