/**
 * `pnpm soak [--minutes N] [--restarts N] [--sample-seconds N] [--concurrency N] [--out FILE]`:
 * runs the soak (see soak.ts), prints progress and a summary, writes the report as JSON, and
 * exits 1 when the verdict fails.
 */
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { runSoak } from './soak.ts'

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    restarts: { type: 'string', default: '3' },
    'sample-seconds': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '4' },
    out: { type: 'string' }
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
const report = await runSoak({
  minutes: positive('minutes', values.minutes, false),
  restarts: positive('restarts', values.restarts, true),
  sampleSeconds: positive('sample-seconds', values['sample-seconds'], false),
  concurrency: Math.max(1, positive('concurrency', values.concurrency, true)),
  log
})
const total = Object.values(report.operations).reduce((sum, o) => sum + o.ok + o.failed, 0)
log(`done: ${total} requests ${JSON.stringify(report.operations)}`)
log(`heap slope ${report.slopes.heapMiBPerHour.toFixed(2)} MiB/h, rss slope ${report.slopes.rssMiBPerHour.toFixed(2)} MiB/h (second half)`)
log(`fds ${report.baseline.fds} -> ${report.settled.fds}, sockets ${report.baseline.sockets} -> ${report.settled.sockets}`)
log(`restarts ${JSON.stringify(report.restarts)}; errors ${report.errors.length} (${report.verdict.unexpectedErrors} not caused by a restart)`)
for (const error of report.errors.slice(0, 10)) log(`  ${(error.at / 1000).toFixed(1)} s ${error.op}${error.duringRestart ? ' (restart)' : ''}: ${error.message}`)
log(`verdict ${JSON.stringify(report.verdict)}`)
if (values.out !== undefined) await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`)
const pass = report.verdict.unexpectedErrors === 0 && report.verdict.recovered && report.verdict.fdsBack && report.verdict.socketsBack &&
  (report.minutes < 10 || (report.verdict.heapFlat && report.verdict.rssFlat))
process.exit(pass ? 0 : 1)
