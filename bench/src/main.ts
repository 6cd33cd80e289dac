import { loadavg } from 'node:os'
import { bundleCli } from './cli-build.ts'
import { benchAgent } from './http.ts'
import { parseOptions, USAGE } from './options.ts'
import { createProgress } from './progress.ts'
import { SCENARIOS } from './scenarios/index.ts'
import { startTopology } from './topology.ts'
import { resultTables } from './report/markdown.ts'
import { collectResults, readResults, resultsPath, writeReports } from './report/write.ts'
import type { BenchOptions } from './options.ts'
import type { Progress } from './progress.ts'
import type { Scenario, ScenarioResult } from './scenarios/types.ts'

function failedScenario (scenario: Scenario, err: unknown): ScenarioResult {
  const message = err instanceof Error ? err.message : String(err)
  return { id: scenario.id, title: scenario.title, baseline: '', ratioOf: '', ratioKind: 'time', columns: [], rows: [], notes: [`FAILED: ${message}`] }
}

/** Starts everything, runs the scenarios (a failed one is recorded, the others still run), stops everything */
async function runScenarios (options: BenchOptions, scenarios: Scenario[], progress: Progress): Promise<ScenarioResult[]> {
  const bin = await bundleCli()
  const topo = await startTopology({ bin, cpuProfDir: options.cpuProfDir, nodeFlags: options.nodeFlags, log: progress.note })
  const agent = benchAgent()
  const results: ScenarioResult[] = []
  try {
    for (const scenario of scenarios) {
      progress.scenario(scenario.id)
      try {
        results.push(await scenario.run({ topo, agent, settings: options.settings, progress }))
      } catch (err) {
        progress.note(`FAILED: ${err instanceof Error ? err.stack : String(err)}`)
        results.push(failedScenario(scenario, err))
      }
    }
  } finally {
    progress.scenario('teardown')
    await agent.close().catch(() => {})
    await topo.stop()
  }
  return results
}

const options = parseOptions(process.argv.slice(2))
if (options === 'help') {
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}
const progress = createProgress()
if (options.render !== undefined) {
  const results = await readResults(options.render)
  const files = await writeReports(results, options.render, options.docsFile, false)
  process.stdout.write(`${resultTables(results)}\n`)
  progress.note(`rewrote ${files.join(', ')}`)
} else {
  const scenarios = SCENARIOS.filter((scenario) => options.only === undefined || options.only.includes(scenario.id))
  if (scenarios.length === 0) throw new Error(`no scenario matches --only ${options.only?.join(',')}`)
  const loadBefore = loadavg()
  progress.note(`${options.settings.mode} run: ${scenarios.map((s) => s.id).join(', ')}; load average ${loadBefore.map((n) => n.toFixed(2)).join(' ')}`)
  const ran = await runScenarios(options, scenarios, progress)
  const results = await collectResults({ scenarios: ran, options, elapsedMs: progress.elapsed(), loadBefore })
  const files = await writeReports(results, resultsPath(results, options.outDir, options.only), options.docsFile)
  process.stdout.write(`${resultTables(results)}\n`)
  progress.note(`results: ${files.join(', ')}`)
  if (ran.some((scenario) => scenario.rows.length === 0)) process.exitCode = 1
}
