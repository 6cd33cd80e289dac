import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCENARIOS } from '../src/scenarios/index.ts'
import type { BenchResults } from '../src/report/results-file.ts'
import type { ChildProcess } from 'node:child_process'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))
/** Quick mode aims at 2 minutes; CI runs other daemon tests beside it */
const RUN_TIMEOUT_MS = 6 * 60_000

describe('pnpm bench --quick', () => {
  let outDir: string
  let child: ChildProcess | undefined
  let output = ''
  let code: number | null = null
  let results: BenchResults

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'composite-ipfs-bench-'))
    child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--quick', '--out', outDir, '--no-docs'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout?.on('data', (d: Buffer) => { output += d.toString() })
    child.stderr?.on('data', (d: Buffer) => { output += d.toString() })
    const timer = setTimeout(() => { child?.kill('SIGTERM') }, RUN_TIMEOUT_MS)
    ;[code] = await once(child, 'exit') as [number | null]
    clearTimeout(timer)
    const json = (await readdir(outDir)).find((name) => name.endsWith('-quick.json'))
    if (json === undefined) throw new Error(`no results file (exit ${code}):\n${output.slice(-4000)}`)
    results = JSON.parse(await readFile(join(outDir, json), 'utf8')) as BenchResults
  }, RUN_TIMEOUT_MS + 30_000)

  afterAll(async () => {
    // the bench stops its daemons itself; this only covers a run cut by the timeout
    if (child !== undefined && child.exitCode === null) {
      child.kill('SIGKILL')
      await once(child, 'exit')
    }
    await rm(outDir, { recursive: true, force: true })
  })

  it('exits 0 in quick mode', () => {
    expect(code, output.slice(-4000)).toBe(0)
    expect(results.mode).toBe('quick')
  })

  it('has every scenario, each with a finite ratio figure for every path', () => {
    expect(results.scenarios.map((s) => s.id)).toEqual(SCENARIOS.map((s) => s.id))
    for (const scenario of results.scenarios) {
      expect(scenario.rows.length, `${scenario.id}: ${scenario.notes.join(' ')}`).toBeGreaterThan(0)
      for (const row of scenario.rows) {
        const figure = row.metrics[scenario.ratioOf]
        expect(typeof figure === 'number' && Number.isFinite(figure), `${scenario.id} ${row.case} ${row.path}: ${scenario.ratioOf}=${figure}`).toBe(true)
        expect(row.ratio === null || Number.isFinite(row.ratio)).toBe(true)
      }
      expect(scenario.rows.some((row) => row.path === scenario.baseline && row.ratio === 1)).toBe(true)
    }
  })

  it('checks every target and writes the chart', async () => {
    expect(results.targets.length).toBeGreaterThan(0)
    for (const target of results.targets) expect(target.met, target.target).not.toBeNull()
    const png = (await readdir(outDir)).find((name) => name.endsWith('-quick.png'))
    expect(png).toBeDefined()
    const bytes = await readFile(join(outDir, png as string))
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
  })
})
