import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { existingSoakSection } from '../soak/doc-section.ts'
import { ratioChart } from './chart.ts'
import { gitCommit, machineFacts } from './machine.ts'
import { performanceDoc } from './markdown.ts'
import { checkTargets } from './targets.ts'
import type { BenchResults } from './results-file.ts'
import type { BenchOptions } from '../options.ts'
import type { ScenarioResult } from '../scenarios/types.ts'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface CollectInit {
  scenarios: ScenarioResult[]
  options: BenchOptions
  elapsedMs: number
  /** `os.loadavg()` when the run started: how busy the machine already was */
  loadBefore: number[]
}

/** Puts one run's figures, the machine facts and the target checks together */
export async function collectResults (init: CollectInit): Promise<BenchResults> {
  return {
    schema: 1,
    date: new Date().toISOString(),
    commit: await gitCommit(REPO_ROOT),
    mode: init.options.settings.mode,
    elapsedSeconds: Math.round(init.elapsedMs / 1000),
    machine: machineFacts(init.loadBefore),
    settings: init.options.settings,
    nodeFlags: init.options.nodeFlags,
    scenarios: init.scenarios,
    targets: checkTargets(init.scenarios)
  }
}

/** Reads a results JSON written by an earlier run; its targets are checked again */
export async function readResults (file: string): Promise<BenchResults> {
  const results = JSON.parse(await readFile(file, 'utf8')) as BenchResults
  return { ...results, targets: checkTargets(results.scenarios) }
}

/** The results JSON's path for a run: `<outDir>/<date>-<commit>[-quick][-only-<ids>].json`, so a partial run never replaces a full one */
export function resultsPath (results: BenchResults, outDir: string, only?: readonly string[]): string {
  const partial = only === undefined || only.length === 0 ? '' : `-only-${only.join('-')}`
  return join(outDir, `${results.date.slice(0, 10)}-${results.commit}${results.mode === 'quick' ? '-quick' : ''}${partial}.json`)
}

/**
 * Writes the results JSON (unless it is the file being re-rendered), the ratio chart next to it
 * (`.png`) and, when asked, the markdown report. Returns the paths written.
 *
 * @example
 * ```ts
 * const files = await writeReports(results, '/repo/bench/results/2025-01-01-abc1234.json', 'docs/performance.md')
 * ```
 */
export async function writeReports (results: BenchResults, jsonFile: string, docsFile: string | undefined, writeJson = true): Promise<string[]> {
  await mkdir(dirname(jsonFile), { recursive: true })
  const pngFile = jsonFile.replace(/\.json$/, '.png')
  const files: string[] = []
  if (writeJson) {
    await writeFile(jsonFile, `${JSON.stringify(results, null, 2)}\n`)
    files.push(jsonFile)
  }
  const chart = await ratioChart(results.scenarios, `composite-ipfs ${results.mode} benchmark, ${results.commit}`)
  if (chart !== undefined) {
    await writeFile(pngFile, chart)
    files.push(pngFile)
  }
  if (docsFile !== undefined) {
    await mkdir(dirname(docsFile), { recursive: true })
    // the soak's figures come from another run (`pnpm soak --docs`): keep them
    const soak = existingSoakSection(await readFile(docsFile, 'utf8').catch(() => ''))
    const doc = performanceDoc(results, relative(dirname(docsFile), pngFile))
    await writeFile(docsFile, soak === undefined ? doc : `${doc.trimEnd()}\n\n${soak}\n`)
    files.push(docsFile)
  }
  return files
}
