import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const CLI_ENTRY = fileURLToPath(new URL('../../packages/cli/src/bin.ts', import.meta.url))
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
