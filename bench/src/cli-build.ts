import { mkdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const CLI_ENTRY = fileURLToPath(new URL('../../packages/cli/src/bin.ts', import.meta.url))
const CLI_LAUNCHER = fileURLToPath(new URL('../../packages/cli/bin/composite-ipfs.mjs', import.meta.url))
/** Where the bundle goes (git-ignored with the rest of `bench/.build`) */
export const BUILD_DIR = fileURLToPath(new URL('../.build/', import.meta.url))
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Bundles the `composite-ipfs` CLI from the current sources (the `source` export condition)
 * into one ES module, so the benchmarked node runs as plain `node` without a TypeScript loader
 * in its process: its memory and CPU are the node's own, as in a deployment. Returns the path.
 *
 * @example
 * ```ts
 * const bin = await bundleCli()
 * spawn(process.execPath, [bin, 'serve', '--kubo', url])
 * ```
 */
export async function bundleCli (): Promise<string> {
  await mkdir(BUILD_DIR, { recursive: true })
  const outfile = `${BUILD_DIR}composite-ipfs.mjs`
  await build({
    entryPoints: [CLI_ENTRY],
    // module comments in the bundle (\`// packages/server/src/...\`) are relative to this; the profile reader maps lines with them
    absWorkingDir: REPO_ROOT,
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    // a few dependencies are CommonJS and call require()
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
    logLevel: 'error'
  })
  return outfile
}

/**
 * The Node.js flags of the installed `composite-ipfs` command: those on its launcher's shebang
 * (`#!/usr/bin/env -S node --max-semi-space-size=4`), which npm's and pnpm's bin shims pass to
 * node. The bundle runs with them, so the benchmark measures the node as users start it.
 */
export async function launcherNodeFlags (): Promise<string[]> {
  const shebang = (await readFile(CLI_LAUNCHER, 'utf8')).split('\n', 1)[0]
  const match = /^#!\S*env\s+-S\s+node\s+(.*)$/.exec(shebang)
  return match === null ? [] : match[1].split(/\s+/).filter((flag) => flag.startsWith('--'))
}
