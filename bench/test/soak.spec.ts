/**
 * The soak's short version, for CI: 45 s of mixed traffic through a two-level topology of real
 * daemons, with one restart of an undercluster peer. Too short to judge memory as flat (the
 * 30-minute figures are in docs/performance.md); it checks that nothing fails but what the
 * restart causes, that the node recovers, and that its descriptors and sockets go back.
 */
import { describe, expect, it } from 'vitest'
import { runSoak } from '../src/soak/soak.ts'

describe('pnpm soak, short', () => {
  it('serves mixed traffic across a restart without unexpected errors or leaked sockets', async () => {
    const lines: string[] = []
    const report = await runSoak({ minutes: 0.75, restarts: 1, sampleSeconds: 5, concurrency: 4, quietPoints: 3, log: (line) => { lines.push(line) } })
    const summary = JSON.stringify({ operations: report.operations, restarts: report.restarts, verdict: report.verdict, errors: report.errors.slice(0, 5), baseline: report.baseline, settled: report.settled })
    console.log(`soak: ${summary}`)
    for (const [name, counts] of Object.entries(report.operations)) expect(counts.ok, name).toBeGreaterThan(0)
    expect(report.restarts).toHaveLength(1)
    expect(report.verdict).toMatchObject({ unexpectedErrors: 0, recovered: true, fdsBack: true, socketsBack: true })
    expect(report.samples.length).toBeGreaterThan(3)
    // quiet samples at 15 s and 30 s, and after the traffic; none during the restart at 22.5 s (a
    // quiet sample taken during a restart left ~14 sockets open past the 60 s settle, see bench/README.md)
    expect(report.quiet?.map((s) => s.at > 0)).toEqual([true, true, true])
  }, 300_000)
})
