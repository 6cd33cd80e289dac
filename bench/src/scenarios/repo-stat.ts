import { callText, rpcUrl } from '../http.ts'
import { interleave } from '../interleave.ts'
import { timedLoad } from '../load.ts'
import { PATHS } from '../paths.ts'
import { summarize } from '../stats.ts'
import { withRatios } from './rows.ts'
import type { BenchPath } from '../interleave.ts'
import type { LoadRun } from '../load.ts'
import type { ResultRow, Scenario, ScenarioContext, ScenarioResult } from './types.ts'

interface StatPath extends BenchPath {
  base: string
}

const QUERY = { 'size-only': 'true' }

async function measure (ctx: ScenarioContext, paths: StatPath[]): Promise<ResultRow[]> {
  const { slotMs, rounds, warmupMs } = ctx.settings.repoStat
  const load = async (path: StatPath, durationMs: number): Promise<LoadRun> => {
    const url = rpcUrl(path.base, 'repo/stat', QUERY)
    return await timedLoad({ concurrency: 1, durationMs, call: async () => { await callText(ctx.agent, url) } })
  }
  for (const path of paths) await load(path, warmupMs)
  const byPath = await interleave({
    paths,
    rounds,
    onSlot: (path, round) => { ctx.progress.step(`round ${round + 1}/${rounds}: ${path.id}`) },
    run: async (path) => await load(path, slotMs)
  })
  return paths.map((path) => {
    const runs = byPath.get(path.id) ?? []
    const stats = summarize(runs.flatMap((run) => run.latencies))
    const errors = runs.reduce((n, run) => n + run.errors, 0)
    const firstError = runs.find((run) => run.firstError !== undefined)?.firstError
    if (firstError !== undefined) ctx.progress.note(`${path.id}: ${errors} errors, first: ${firstError}`)
    return {
      case: 'repo/stat?size-only=true c=1',
      path: path.id,
      label: path.label,
      metrics: { p50Ms: stats.median, p99Ms: stats.p99, errors },
      ratio: null
    }
  })
}

/**
 * Scenario 6: `repo/stat?size-only=true` (what ipfs-cluster asks every 15 s) over the 3-peer
 * cluster: one Kubo directly, ipfs-cluster's proxy (which sums every peer), the composite node
 * (its aggregator with the default 10 s cache), and an aggregator without cache (ttl 0).
 */
export const repoStat: Scenario = {
  id: 'repo-stat',
  title: 'repo/stat over 3 peers: the aggregator with and without its cache',
  async run (ctx): Promise<ScenarioResult> {
    const side = ctx.topo.triple
    const paths: StatPath[] = [
      { ...PATHS.kubo, label: 'Kubo (one peer, direct)', base: side.kubo.apiUrl },
      { ...PATHS.proxy, label: 'ipfs-cluster proxy (sums 3 peers)', base: side.proxyUrl },
      { ...PATHS.compositeCluster, label: 'composite node, cached (ttl 10 s)', base: side.compositeCluster.url },
      { id: 'composite-nocache', label: 'composite node, no cache (--repo-stat-ttl 0)', base: side.compositeUncached.url }
    ]
    const rows = await measure(ctx, paths)
    return {
      id: 'repo-stat',
      title: 'repo/stat over 3 peers: the aggregator with and without its cache',
      baseline: PATHS.kubo.id,
      ratioOf: 'p50Ms',
      ratioKind: 'time',
      columns: [
        { key: 'p50Ms', label: 'p50 ms' },
        { key: 'p99Ms', label: 'p99 ms' },
        { key: 'errors', label: 'errors' }
      ],
      rows: withRatios(rows, PATHS.kubo.id, 'p50Ms'),
      notes: [
        `${ctx.settings.repoStat.rounds} interleaved rounds of ${ctx.settings.repoStat.slotMs / 1000} s per path, one request at a time.`,
        'Both composite nodes are CLI processes on the same 3-peer cluster; the uncached one runs with --repo-stat-ttl 0, so each call asks the 3 Kubos.'
      ]
    }
  }
}
