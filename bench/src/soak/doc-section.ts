import { readFile, writeFile } from 'node:fs/promises'
import type { SoakReport } from './types.ts'

const BEGIN = '<!-- soak: written by `pnpm soak --docs`, kept by `pnpm bench` -->'
const END = '<!-- /soak -->'

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1)

/** The soak's section of docs/performance.md, from one run's report */
export function soakSection (report: SoakReport, when: string): string {
  const ops = Object.entries(report.operations)
  const total = ops.reduce((sum, [, o]) => sum + o.ok + o.failed, 0)
  const afterWarmup = report.samples.slice(Math.floor(report.samples.length / 2))
  const range = (pick: (s: SoakReport['samples'][number]) => number): string => {
    const values = afterWarmup.map(pick)
    return values.length === 0 ? 'no samples' : `${mib(Math.min(...values))}–${mib(Math.max(...values))} MiB`
  }
  const v = report.verdict
  return [
    BEGIN,
    '## Soak',
    '',
    `\`pnpm soak --minutes ${report.minutes} --restarts ${report.restarts.length}\`, ${when}. Mixed traffic through a two-level topology of real daemons (an undercluster of 2 peers, a composite node in its own process, an overcluster of 1 peer driving it); an undercluster peer restarted ${report.restarts.length} time${report.restarts.length === 1 ? '' : 's'}. See bench/README.md for how it is judged.`,
    '',
    '| operation | ok | failed |',
    '|---|---|---|',
    ...ops.map(([name, o]) => `| ${name} | ${o.ok} | ${o.failed} |`),
    '',
    `- ${total} requests; ${report.errors.length} failed, ${v.unexpectedErrors} of them outside a restart window.`,
    ...(report.errors.length === 0 ? [] : [`- The failures: ${[...new Set(report.errors.map((e) => `${e.op} at ${(e.at / 60_000).toFixed(1)} min${e.duringRestart ? ' (restart window)' : ''}: ${e.message.replace(/\s+/g, ' ').trim().slice(0, 160)}`))].join('; ')}.`]),
    `- Restarts: ${report.restarts.map((r) => `at ${(r.at / 60_000).toFixed(1)} min, ready in ${(r.tookMs / 1000).toFixed(1)} s, an add succeeded ${r.recoveredMs === undefined ? 'never' : `${r.recoveredMs} ms`} later`).join('; ')}.`,
    report.quiet === undefined
      ? `- Heap after GC over the second half: ${range((s) => s.heapUsed)}, slope ${report.slopes.heapMiBPerHour.toFixed(2)} MiB/h (${v.heapFlat ? 'flat' : 'growing'}).`
      : `- Heap after GC in the quiet samples (traffic paused, nothing in flight), at ${report.quiet.map((s) => `${(s.at / 60_000).toFixed(0)} min ${mib(s.heapUsed)}`).join(', ')} MiB: slope over the second half ${report.slopes.heapMiBPerHour.toFixed(2)} MiB/h (${v.heapFlat ? 'flat' : 'growing'}). In traffic the samples range ${range((s) => s.heapUsed)}, slope ${report.slopes.sampledHeapMiBPerHour?.toFixed(2) ?? '–'} MiB/h.`,
    `- RSS over the second half: ${range((s) => s.rss)}, slope ${report.slopes.rssMiBPerHour.toFixed(2)} MiB/h (${v.rssFlat ? 'flat' : 'growing'}).`,
    `- File descriptors ${report.baseline.fds} before the traffic, ${report.settled.fds} after it; sockets ${report.baseline.sockets} → ${report.settled.sockets} (${v.fdsBack && v.socketsBack ? 'back to baseline' : 'not back'}).`,
    END
  ].join('\n')
}

/** The soak section of a document, if it has one */
export function existingSoakSection (doc: string): string | undefined {
  const from = doc.indexOf(BEGIN)
  const to = doc.indexOf(END, from)
  return from === -1 || to === -1 ? undefined : doc.slice(from, to + END.length)
}

/** Puts the section into the file: in place of the old one, or at its end */
export async function writeSoakSection (file: string, section: string): Promise<void> {
  const doc = await readFile(file, 'utf8').catch(() => '# Performance\n')
  const old = existingSoakSection(doc)
  await writeFile(file, old === undefined ? `${doc.trimEnd()}\n\n${section}\n` : doc.replace(old, () => section))
}
