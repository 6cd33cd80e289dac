/**
 * `pnpm soak [--minutes N] [--restarts N] [--sample-seconds N] [--concurrency N] [--quiet-points N] [--out FILE] [--docs FILE]`:
 * runs the soak (see soak.ts), prints progress and a summary, writes the report as JSON, and
 * exits 1 when the verdict fails. `--docs` writes the figures into that file's soak section.
 * `--from FILE` writes the section from a report written earlier with `--out`, without a run.
 */
import { readFile, stat, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { soakSection, writeSoakSection } from './doc-section.ts'
import { runSoak } from './soak.ts'
import type { SoakReport } from './types.ts'

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    restarts: { type: 'string', default: '3' },
    'sample-seconds': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '4' },
    'quiet-points': { type: 'string', default: '6' },
    out: { type: 'string' },
    docs: { type: 'string' },
    from: { type: 'string' }
  }
})

function positive (flag: string, value: string | undefined, integer: boolean): number {
  const number = Number(value)
  if (!Number.isFinite(number) || number < 0 || (integer && !Number.isInteger(number))) {
    process.stderr.write(`soak: --${flag} ${String(value)} is not a ${integer ? 'whole number' : 'number'} of 0 or more\n`)
    process.exit(2)
  }
  return number
}

const log = (line: string): void => { process.stderr.write(`[soak] ${line}\n`) }
if (values.from !== undefined) {
  if (values.docs === undefined) {
    process.stderr.write('soak: --from FILE writes a docs section: give --docs FILE too\n')
    process.exit(2)
  }
  const saved = JSON.parse(await readFile(values.from, 'utf8')) as SoakReport
  const { mtime } = await stat(values.from)
  await writeSoakSection(values.docs, soakSection(saved, `run on ${mtime.toISOString().slice(0, 10)}`))
  log(`wrote the soak section of ${values.docs} from ${values.from}`)
  process.exit(0)
}
const report = await runSoak({
  minutes: positive('minutes', values.minutes, false),
  restarts: positive('restarts', values.restarts, true),
  sampleSeconds: positive('sample-seconds', values['sample-seconds'], false),
  concurrency: Math.max(1, positive('concurrency', values.concurrency, true)),
  quietPoints: Math.max(1, positive('quiet-points', values['quiet-points'], true)),
  log
})
const total = Object.values(report.operations).reduce((sum, o) => sum + o.ok + o.failed, 0)
log(`done: ${total} requests ${JSON.stringify(report.operations)}`)
log(`quiet heap ${(report.quiet ?? []).map((s) => `${(s.heapUsed / 2 ** 20).toFixed(1)}`).join(' ')} MiB`)
log(`second half: quiet heap slope ${report.slopes.heapMiBPerHour.toFixed(2)} MiB/h (sampled in traffic ${report.slopes.sampledHeapMiBPerHour?.toFixed(2) ?? '-'}), rss slope ${report.slopes.rssMiBPerHour.toFixed(2)} MiB/h`)
log(`fds ${report.baseline.fds} -> ${report.settled.fds}, sockets ${report.baseline.sockets} -> ${report.settled.sockets}`)
log(`restarts ${JSON.stringify(report.restarts)}; errors ${report.errors.length} (${report.verdict.unexpectedErrors} not caused by a restart)`)
for (const error of report.errors.slice(0, 10)) log(`  ${(error.at / 1000).toFixed(1)} s ${error.op}${error.duringRestart ? ' (restart)' : ''}: ${error.message}`)
log(`verdict ${JSON.stringify(report.verdict)}`)
if (values.out !== undefined) await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`)
if (values.docs !== undefined) await writeSoakSection(values.docs, soakSection(report, `run on ${new Date().toISOString().slice(0, 10)}`))
const pass = report.verdict.unexpectedErrors === 0 && report.verdict.recovered && report.verdict.fdsBack && report.verdict.socketsBack &&
  (report.minutes < 10 || (report.verdict.heapFlat && report.verdict.rssFlat))
process.exit(pass ? 0 : 1)
