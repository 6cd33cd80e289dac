import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { FULL, QUICK } from './settings.ts'
import type { Settings } from './settings.ts'

/** What `pnpm bench` was asked to do */
export interface BenchOptions {
  settings: Settings
  /** Scenario ids to run; all when undefined */
  only?: string[]
  /** Folder for `<date>-<commit>.json` and the PNG chart */
  outDir: string
  /** The markdown report to (over)write; undefined for none */
  docsFile?: string
  /** Folder for the CLI nodes' `.cpuprofile` files; undefined for no profiling */
  cpuProfDir?: string
  /** Extra Node.js flags for the composite nodes (to measure a tuning) */
  nodeFlags: string[]
  /** Re-render the reports of this results JSON instead of running */
  render?: string
}

export const USAGE = `Usage: pnpm bench [--quick] [--only ids] [--out dir] [--docs file | --no-docs] [--cpu-prof [dir]] [--node-flags flags]
       pnpm bench --render results.json [--docs file]

  --quick          small sizes, about 2 minutes (CI runs this)
  --only ids       comma-separated scenarios: small-rpc,add,cat,pins,listing,repo-stat
  --out dir        results folder                     [default: bench/results]
  --docs file      markdown report                    [default: docs/performance.md for a full run of every scenario, none with --quick or --only]
  --no-docs        write no markdown report
  --cpu-prof [dir] run the composite nodes with node --cpu-prof    [default dir: bench/results/profiles]
  --node-flags f   extra Node.js flags for the composite nodes, e.g. "--max-semi-space-size=2"
  --render file    rewrite the chart and the markdown report from a results JSON, run nothing`

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url))
const DOCS_FILE = fileURLToPath(new URL('../../docs/performance.md', import.meta.url))

/**
 * Parses the command line of `pnpm bench`.
 *
 * @example
 * ```ts
 * parseOptions(['--quick', '--only', 'small-rpc']).settings.mode // 'quick'
 * ```
 */
export function parseOptions (argv: string[]): BenchOptions | 'help' {
  // `--cpu-prof` may stand alone; give it a value when the next word is another flag
  const args = argv.flatMap((arg, i) => arg === '--cpu-prof' && (argv[i + 1] === undefined || argv[i + 1].startsWith('--')) ? [arg, `${RESULTS_DIR}profiles`] : [arg])
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean' },
      only: { type: 'string' },
      out: { type: 'string' },
      docs: { type: 'string' },
      'no-docs': { type: 'boolean' },
      'cpu-prof': { type: 'string' },
      'node-flags': { type: 'string' },
      render: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help === true) return 'help'
  const quick = values.quick === true
  return {
    settings: quick ? QUICK : FULL,
    only: values.only?.split(',').map((id) => id.trim()).filter((id) => id !== ''),
    outDir: values.out ?? RESULTS_DIR,
    // a re-render rewrites the report unless told otherwise, whatever the mode of the run was;
    // a quick or partial (--only) run never replaces the full run's report unless --docs says so
    docsFile: values['no-docs'] === true ? undefined : values.docs ?? ((quick || values.only !== undefined) && values.render === undefined ? undefined : DOCS_FILE),
    cpuProfDir: values['cpu-prof'],
    nodeFlags: values['node-flags']?.split(' ').filter((flag) => flag !== '') ?? [],
    render: values.render
  }
}
