import { callText, rpcUrl } from '../http.ts'
import { interleave } from '../interleave.ts'
import { timedLoad } from '../load.ts'
import { PATHS } from '../paths.ts'
import { summarize } from '../stats.ts'
import { pinnedSmallCid } from '../blocks.ts'
import { startFloorProxy } from '../floor-node.ts'
import { withRatios } from './rows.ts'
import type { LoadRun } from '../load.ts'
import type { ResultRow, Scenario, ScenarioContext, ScenarioResult } from './types.ts'

interface RpcCase {
  command: string
  query: Record<string, string>
}

function merge (runs: LoadRun[]): LoadRun {
  return {
    latencies: runs.flatMap((run) => run.latencies),
    errors: runs.reduce((n, run) => n + run.errors, 0),
    firstError: runs.find((run) => run.firstError !== undefined)?.firstError,
    elapsedMs: runs.reduce((n, run) => n + run.elapsedMs, 0)
  }
}

async function measureCase (ctx: ScenarioContext, rpc: RpcCase, concurrency: number, bases: Record<string, string>): Promise<ResultRow[]> {
  const { smallRpc } = ctx.settings
  const paths = [PATHS.kubo, PATHS.floor, PATHS.composite, PATHS.proxy, PATHS.compositeCluster]
  const name = `${rpc.command} c=${concurrency}`
  const load = async (pathId: string, durationMs: number): Promise<LoadRun> => {
    const url = rpcUrl(bases[pathId], rpc.command, rpc.query)
    return await timedLoad({ concurrency, durationMs, call: async () => { await callText(ctx.agent, url) } })
  }
  for (const path of paths) await load(path.id, smallRpc.warmupMs)
  const byPath = await interleave({
    paths,
    rounds: smallRpc.rounds,
    onSlot: (path, round) => { ctx.progress.step(`${name} round ${round + 1}/${smallRpc.rounds}: ${path.id}`) },
    run: async (path) => await load(path.id, smallRpc.slotMs)
  })
  const kubo = summarize(merge(byPath.get(PATHS.kubo.id) ?? []).latencies)
  return paths.map((path) => {
    const run = merge(byPath.get(path.id) ?? [])
    const stats = summarize(run.latencies)
    if (run.firstError !== undefined) ctx.progress.note(`${name} ${path.id}: ${run.errors} errors, first: ${run.firstError}`)
    return {
      case: name,
      path: path.id,
      label: path.label,
      metrics: {
        p50Ms: stats.median,
        p99Ms: stats.p99,
        addedMs: stats.median - kubo.median,
        rps: run.latencies.length / (run.elapsedMs / 1000),
        errors: run.errors
      },
      ratio: null
    }
  })
}

/**
 * Scenario 1: `id`, `version` and `pin/ls?arg=<cid>` at concurrency 1 and 64, on the 1-peer
 * side: Kubo, a bare Node.js proxy in front of it (the floor of any Node.js hop), the composite
 * node with the Kubo connector, ipfs-cluster's proxy, and the composite node with the cluster
 * connector.
 */
export const smallRpc: Scenario = {
  id: 'small-rpc',
  title: 'Small RPCs: latency and throughput',
  async run (ctx): Promise<ScenarioResult> {
    const side = ctx.topo.single
    ctx.progress.step('pinning a small block in the cluster for pin/ls?arg')
    const cid = await pinnedSmallCid(ctx.agent, side)
    ctx.progress.step('starting the bare Node proxy (floor) in front of the Kubo')
    const floor = await startFloorProxy(side.kubo.apiUrl)
    const bases = {
      [PATHS.kubo.id]: side.kubo.apiUrl,
      [PATHS.floor.id]: floor.url,
      [PATHS.composite.id]: side.composite.url,
      [PATHS.proxy.id]: side.proxyUrl,
      [PATHS.compositeCluster.id]: side.compositeCluster.url
    }
    const cases: RpcCase[] = [
      { command: 'id', query: {} },
      { command: 'version', query: {} },
      { command: 'pin/ls', query: { arg: cid } }
    ]
    const rows: ResultRow[] = []
    try {
      for (const rpc of cases) {
        for (const concurrency of ctx.settings.smallRpc.concurrencies) {
          rows.push(...await measureCase(ctx, rpc, concurrency, bases))
        }
      }
    } finally {
      await floor.stop()
    }
    const { slotMs, rounds } = ctx.settings.smallRpc
    return {
      id: 'small-rpc',
      title: 'Small RPCs: latency and throughput',
      baseline: PATHS.kubo.id,
      ratioOf: 'p50Ms',
      ratioKind: 'time',
      columns: [
        { key: 'p50Ms', label: 'p50 ms' },
        { key: 'p99Ms', label: 'p99 ms' },
        { key: 'addedMs', label: 'added p50 ms' },
        { key: 'rps', label: 'req/s' },
        { key: 'errors', label: 'errors' }
      ],
      rows: withRatios(rows, PATHS.kubo.id, 'p50Ms'),
      notes: [
        `${rounds} interleaved rounds of ${slotMs / 1000} s per path and case (${rounds * slotMs / 1000} s each), closed loop over keep-alive connections (undici Agent).`,
        `pin/ls?arg=${cid}: a block pinned through the cluster, so every path answers it (the proxy from the shared state, the cluster connector from REST /allocations + /pins).`,
        'Bare Node proxy (floor): bench/src/floor-proxy.ts in its own process, a node:http server forwarding method, path, headers and body to the same Kubo through one undici Pool and piping the answer back (no routing, no middleware, no parsing): what any Node.js hop costs on this machine.'
      ]
    }
  }
}
