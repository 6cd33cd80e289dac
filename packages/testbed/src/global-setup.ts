import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const ENTRY = fileURLToPath(new URL('./bin/binaries.ts', import.meta.url))

/**
 * vitest `globalSetup`: makes sure the Kubo and ipfs-cluster binaries exist before any test
 * file runs, building them (with progress on stderr) on a fresh machine. Nothing else slow
 * happens here: daemons are started by the test files that need them.
 *
 * The check runs in a child Node process (the same entry `scripts/setup.mjs` uses) because
 * vitest's global-setup module runner does not apply the `source` export condition, so it
 * cannot load the workspace packages from their TypeScript sources.
 */
export default async function setup (): Promise<void> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', ENTRY], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit']
  })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  if (code !== 0) throw new Error(`the Kubo and ipfs-cluster binaries are missing and could not be built (see above); exit code ${code}`)
}
