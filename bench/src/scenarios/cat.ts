import { call, callText, eachLine, rpcUrl } from '../http.ts'
import { interleave } from '../interleave.ts'
import { watchPeaks } from '../memory.ts'
import { PATHS } from '../paths.ts'
import { mibPerSecond, summarize } from '../stats.ts'
import { singleFileUpload } from '../uploads.ts'
import { mib, withRatios } from './rows.ts'
import type { BenchPath } from '../interleave.ts'
import type { PeakMemory } from '../memory.ts'
import type { ResultRow, Scenario, ScenarioContext, ScenarioResult } from './types.ts'

interface CatPath extends BenchPath {
  base: string
  front?: string
}

interface CatRun {
  ttfbMs: number
  ms: number
  bytes: number
  memory: Record<string, PeakMemory>
}

/** Adds the file the scenario reads back, straight to Kubo (not measured) */
async function addFile (ctx: ScenarioContext, bytes: number): Promise<string> {
  const upload = singleFileUpload(bytes)
  const res = await call(ctx.agent, rpcUrl(ctx.topo.single.kubo.apiUrl, 'add'), { body: upload.body, headers: { 'content-type': upload.contentType } })
  let root = ''
  await eachLine(res.body, (line) => { root = (JSON.parse(line) as { Hash?: string }).Hash ?? root })
  return root
}

async function catOnce (ctx: ScenarioContext, path: CatPath, cid: string, pids: Record<string, number>): Promise<CatRun> {
  const watch = await watchPeaks(pids)
  const t0 = performance.now()
  const res = await call(ctx.agent, rpcUrl(path.base, 'cat', { arg: cid }))
  let ttfbMs = Number.NaN
  let bytes = 0
  for await (const chunk of res.body) {
    if (bytes === 0) ttfbMs = performance.now() - t0
    bytes += chunk.byteLength
  }
  const ms = performance.now() - t0
  return { ttfbMs, ms, bytes, memory: await watch.stop() }
}

/**
 * Scenario 3: `cat` of a big file (added once, straight to Kubo) through every path of the
 * 1-peer side: throughput, time to first byte, and the peak RSS of the process in between.
 */
export const cat: Scenario = {
  id: 'cat',
  title: 'Cat: read back a big file',
  async run (ctx): Promise<ScenarioResult> {
    const side = ctx.topo.single
    const { bytes, rounds } = ctx.settings.cat
    ctx.progress.step(`adding the ${bytes / 1024 ** 2} MiB file to read back`)
    const cid = await addFile(ctx, bytes)
    const paths: CatPath[] = [
      { ...PATHS.kubo, base: side.kubo.apiUrl },
      { ...PATHS.composite, base: side.composite.url, front: 'composite' },
      { ...PATHS.proxy, base: side.proxyUrl, front: 'cluster' },
      { ...PATHS.compositeCluster, base: side.compositeCluster.url, front: 'compositeCluster' }
    ]
    const pids = { composite: side.composite.pid, compositeCluster: side.compositeCluster.pid, cluster: side.peer.pid, kubo: side.kubo.pid }
    const kase = bytes >= 1024 ** 3 ? `${bytes / 1024 ** 3} GiB` : `${bytes / 1024 ** 2} MiB`
    try {
      const byPath = await interleave<CatPath, CatRun>({
        paths,
        rounds,
        onSlot: (path, round) => { ctx.progress.step(`round ${round + 1}/${rounds}: ${path.id}`) },
        run: async (path) => {
          const run = await catOnce(ctx, path, cid, pids)
          if (run.bytes !== bytes) throw new Error(`${path.id}: cat returned ${run.bytes} bytes, expected ${bytes}`)
          return run
        }
      })
      const rows: ResultRow[] = paths.map((path) => {
        const runs = byPath.get(path.id) ?? []
        const ms = summarize(runs.map((run) => run.ms)).median
        return {
          case: kase,
          path: path.id,
          label: path.label,
          metrics: {
            seconds: ms / 1000,
            mibps: mibPerSecond(bytes, ms),
            ttfbMs: summarize(runs.map((run) => run.ttfbMs)).median,
            frontPeakMiB: path.front === undefined ? null : mib(summarize(runs.map((run) => run.memory[path.front as string].peak)).max),
            kuboPeakMiB: mib(summarize(runs.map((run) => run.memory.kubo.peak)).max)
          },
          ratio: null
        }
      })
      return {
        id: 'cat',
        title: 'Cat: read back a big file',
        baseline: PATHS.kubo.id,
        ratioOf: 'mibps',
        ratioKind: 'rate',
        columns: [
          { key: 'seconds', label: 'time s (median)' },
          { key: 'mibps', label: 'MiB/s' },
          { key: 'ttfbMs', label: 'first byte ms' },
          { key: 'frontPeakMiB', label: 'front process peak RSS MiB' },
          { key: 'kuboPeakMiB', label: 'Kubo peak RSS MiB' }
        ],
        rows: withRatios(rows, PATHS.kubo.id, 'mibps'),
        notes: [`${kase} of random content added once straight to Kubo, read ${rounds} times per path, interleaved; blocks are in the page cache for every path.`]
      }
    } finally {
      await callText(ctx.agent, rpcUrl(side.kubo.apiUrl, 'pin/rm', { arg: cid })).catch(() => {})
      await callText(ctx.agent, rpcUrl(side.kubo.apiUrl, 'repo/gc', { quiet: 'true' })).catch(() => {})
    }
  }
}
