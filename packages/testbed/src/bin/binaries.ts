/**
 * `node --conditions=source --import tsx packages/testbed/src/bin/binaries.ts`
 *
 * Makes sure the daemon binaries exist (building them with progress on stderr when needed) and
 * prints their paths as JSON on stdout. Used by `scripts/setup.mjs` and the vitest global setup,
 * so the build logic lives in one place.
 */
import { binaries } from '../binaries.ts'

try {
  process.stdout.write(JSON.stringify(await binaries(), null, 2) + '\n')
} catch (err: any) {
  process.stderr.write(`\n${err.name ?? 'Error'}: ${err.message}\n`)
  process.exitCode = 1
}
