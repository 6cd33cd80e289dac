import { defineConfig } from 'vitest/config'

/**
 * One vitest run covers the three tiers of every package:
 * - `test/unit/**`   pure logic, no sockets
 * - `test/http/**`   real node:http servers on 127.0.0.1:0 (fakes only where a real daemon cannot misbehave on cue)
 * - `test/daemon/**` real Kubo and ipfs-cluster-service processes from the testbed
 *
 * Daemon tests start their daemons once per file (beforeAll) and always kill them (afterAll and process exit hooks).
 */
export default defineConfig({
  resolve: {
    // workspace packages resolve to their TypeScript sources, so tests never need a build
    conditions: ['source']
  },
  ssr: {
    resolve: {
      conditions: ['source'],
      externalConditions: ['source']
    }
  },
  test: {
    include: ['packages/*/test/**/*.spec.ts', 'examples/test/**/*.spec.ts', 'bench/test/**/*.spec.ts'],
    globalSetup: ['packages/testbed/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    // daemon-heavy files are slow to start; two workers fit a 2-core CI machine
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    reporters: ['default']
  }
})
