import { call, eachLine, rpcUrl } from '../http.ts'
import { interleave } from '../interleave.ts'
import { watchPeaks } from '../memory.ts'
import { PATHS } from '../paths.ts'
import { fillPinset } from '../pinset.ts'
import { summarize } from '../stats.ts'
import { mib, withRatios } from './rows.ts'
import type { BenchPath } from '../interleave.ts'
import type { PeakMemory } from '../memory.ts'
import type { ResultRow, Scenario, ScenarioContext, ScenarioResult } from './types.ts'

/** The composite node in front of the same cluster with `--cluster-pin-ls pinset` */
export const PINSET_PATH = { id: 'composite-cluster-pinset', label: 'composite node → cluster, pin/ls pinset mode' } as const satisfies BenchPath

interface ListPath extends BenchPath {
  url: string
  method: 'GET' | 'POST'
  /** Process in front of the data: its RSS is reported */
  front: string
}

interface ListRun {
  firstLineMs: number
  totalMs: number
  lines: number
  memory: Record<string, PeakMemory>
}

async function listOnce (ctx: ScenarioContext, path: ListPath, pids: Record<string, number>): Promise<ListRun> {
  const watch = await watchPeaks(pids)
  const t0 = performance.now()
  const res = await call(ctx.agent, path.url, { method: path.method })
  let firstLineMs = Number.NaN
  let lines = 0
  await eachLine(res.body, () => {
    if (lines++ === 0) firstLineMs = performance.now() - t0
  })
  const totalMs = performance.now() - t0
  return { firstLineMs, totalMs, lines, memory: await watch.stop() }
}

/**
 * Scenario 5: a pin listing of a big pinset on the 1-peer cluster: through the composite node
 * (cluster connector), through ipfs-cluster's proxy, through REST `/allocations` (the baseline)
 * and `/pins?filter=pinned`, and from the Kubo itself: first line, total time, memory.
 */
export const listing: Scenario = {
  id: 'listing',
  title: 'Listing a big pinset (pin/ls)',
  async run (ctx): Promise<ScenarioResult> {
    const side = ctx.topo.single
    const { pins, rounds } = ctx.settings.listing
    ctx.progress.step(`making ${pins} cluster pins`)
    const fillMs = await fillPinset({ agent: ctx.agent, side, count: pins, prefix: `listing-${Date.now()}`, log: ctx.progress.step })
    ctx.progress.step(`${pins} pins made in ${Math.round(fillMs / 1000)} s`)
    const paths: ListPath[] = [
      { ...PATHS.compositeCluster, label: 'composite node → cluster, pin/ls status mode (default)', url: rpcUrl(side.compositeCluster.url, 'pin/ls', { stream: 'true', type: 'recursive' }), method: 'POST', front: 'compositeCluster' },
      { ...PINSET_PATH, url: rpcUrl(side.compositeClusterPinset.url, 'pin/ls', { stream: 'true', type: 'recursive' }), method: 'POST', front: 'compositeClusterPinset' },
      { ...PATHS.proxy, url: rpcUrl(side.proxyUrl, 'pin/ls', { stream: 'true' }), method: 'POST', front: 'cluster' },
      { ...PATHS.rest, label: 'cluster REST /allocations', url: `${side.restUrl}/allocations?filter=pin`, method: 'GET', front: 'cluster' },
      { id: 'rest-pinned', label: 'cluster REST /pins?filter=pinned', url: `${side.restUrl}/pins?filter=pinned`, method: 'GET', front: 'cluster' },
      { ...PATHS.kubo, url: rpcUrl(side.kubo.apiUrl, 'pin/ls', { stream: 'true', type: 'recursive' }), method: 'POST', front: 'kubo' }
    ]
    const pids = { compositeCluster: side.compositeCluster.pid, compositeClusterPinset: side.compositeClusterPinset.pid, cluster: side.peer.pid, kubo: side.kubo.pid }
    const byPath = await interleave<ListPath, ListRun>({
      paths,
      rounds,
      onSlot: (path, round) => { ctx.progress.step(`round ${round + 1}/${rounds}: ${path.id}`) },
      run: async (path) => await listOnce(ctx, path, pids)
    })
    const kase = `${pins} pins`
    const rows: ResultRow[] = paths.map((path) => {
      const runs = byPath.get(path.id) ?? []
      return {
        case: kase,
        path: path.id,
        label: path.label,
        metrics: {
          firstLineMs: summarize(runs.map((run) => run.firstLineMs)).median,
          totalMs: summarize(runs.map((run) => run.totalMs)).median,
          lines: summarize(runs.map((run) => run.lines)).min,
          frontPeakMiB: mib(summarize(runs.map((run) => run.memory[path.front].peak)).max),
          frontGrowthMiB: mib(summarize(runs.map((run) => run.memory[path.front].growth)).max)
        },
        ratio: null
      }
    })
    return {
      id: 'listing',
      title: 'Listing a big pinset (pin/ls)',
      baseline: PATHS.rest.id,
      ratioOf: 'totalMs',
      ratioKind: 'time',
      columns: [
        { key: 'firstLineMs', label: 'first line ms' },
        { key: 'totalMs', label: 'total ms' },
        { key: 'lines', label: 'lines' },
        { key: 'frontPeakMiB', label: 'front process peak RSS MiB' },
        { key: 'frontGrowthMiB', label: 'front RSS growth MiB' }
      ],
      rows: withRatios(rows, PATHS.rest.id, 'totalMs'),
      notes: [
        `${pins} recursive cluster pins of identity CIDs, made in ${Math.round(fillMs / 1000)} s (pinned in Kubo in batches first, then through REST, so the cluster skips its per-pin Kubo call); ${rounds} rounds interleaved; streaming forms (pin/ls?stream=true), \`type=recursive\` (what ipfs-cluster's state sync asks; \`type=all\` also walks every DAG for indirect pins, on a composite node as on Kubo) except on the proxy, which ignores \`type\`.`,
        'Status mode (the default, faithful): the composite node lists what at least one peer reports pinned: it reads GET /allocations?filter=pin (to find direct pins), then streams GET /pins?filter=pinned, which ipfs-cluster v1.1.6 builds whole before its first line; compare it with that REST call.',
        'Pinset mode (`composite-ipfs serve --cluster-pin-ls pinset`, a second node on the same cluster): it streams GET /allocations?filter=pin, the shared pinset (what the cluster intends, pins not pinned yet included), with the type from each pin\'s mode, as the proxy lists Cluster.Pins; compare it with REST /allocations.',
        'Front process: the composite node, ipfs-cluster-service (proxy, REST) or Kubo; the worst round is shown.'
      ]
    }
  }
}
