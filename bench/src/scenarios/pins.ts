import { clusterConnector } from '@composite-ipfs/connector-cluster'
import { compositeNode } from '@composite-ipfs/testbed'
import { putRandomBlocks } from '../blocks.ts'
import { waitForPinnedInKubos } from '../cluster-status.ts'
import { callText, rpcUrl } from '../http.ts'
import { interleave } from '../interleave.ts'
import { forEachConcurrent } from '../load.ts'
import { PATHS } from '../paths.ts'
import { summarize } from '../stats.ts'
import { withRatios } from './rows.ts'
import type { BenchPath } from '../interleave.ts'
import type { ResultRow, Scenario, ScenarioContext, ScenarioResult } from './types.ts'

interface PinPath extends BenchPath {
  /** Pins one CID; resolves when the path answers */
  pin(cid: string): Promise<void>
  /** Whether the answer means "pinned" (else only "accepted into the shared state") */
  answersPinned: boolean
}

interface PinRun {
  /** Until the last answer, ms */
  answeredMs: number
  /** Until every peer reported every pin pinned, ms */
  pinnedMs: number
  latencies: number[]
}

/** The connector's first status poll comes 500 ms after the pin by default; this variant polls after 50 ms */
const FAST_POLL_MS = 50

function pinPaths (ctx: ScenarioContext, fastPollUrl: string): PinPath[] {
  const side = ctx.topo.triple
  return [
    { ...PATHS.compositeCluster, answersPinned: true, pin: async (cid) => { await callText(ctx.agent, rpcUrl(side.compositeCluster.url, 'pin/add', { arg: cid })) } },
    { id: 'composite-poll50', label: `composite node, pollInterval ${FAST_POLL_MS} ms (in-process)`, answersPinned: true, pin: async (cid) => { await callText(ctx.agent, rpcUrl(fastPollUrl, 'pin/add', { arg: cid })) } },
    { ...PATHS.proxy, answersPinned: false, pin: async (cid) => { await callText(ctx.agent, rpcUrl(side.proxyUrl, 'pin/add', { arg: cid })) } },
    { ...PATHS.rest, answersPinned: false, pin: async (cid) => { await callText(ctx.agent, `${side.restUrl}/pins/${cid}`, { method: 'POST' }) } }
  ]
}

async function pinAll (ctx: ScenarioContext, path: PinPath, cids: string[]): Promise<PinRun> {
  const { concurrency, pinnedTimeoutMs } = ctx.settings.pins
  const side = ctx.topo.triple
  const latencies: number[] = []
  const t0 = performance.now()
  await forEachConcurrent(cids, concurrency, async (cid) => {
    const started = performance.now()
    await path.pin(cid)
    latencies.push(performance.now() - started)
  })
  const answeredMs = performance.now() - t0
  // the composite node answers once pinned; the others once accepted: wait for the peers
  if (!path.answersPinned) await waitForPinnedInKubos(ctx.agent, side.cluster.kubos.map((kubo) => kubo.apiUrl), cids, pinnedTimeoutMs)
  return { answeredMs, pinnedMs: performance.now() - t0, latencies }
}

/** Pins fresh blocks through every path, interleaved, and sums up rates and answer latencies */
async function measurePins (ctx: ScenarioContext, paths: PinPath[]): Promise<ScenarioResult> {
  const { perRound, rounds, concurrency } = ctx.settings.pins
  const total = perRound * rounds * paths.length
  ctx.progress.step(`storing ${total} small blocks in peer 0's Kubo`)
  const blocks = await putRandomBlocks(ctx.agent, ctx.topo.triple.kubo.apiUrl, total)
  let next = 0
  const byPath = await interleave<PinPath, PinRun>({
    paths,
    rounds,
    onSlot: (path, round) => { ctx.progress.step(`${perRound} pins round ${round + 1}/${rounds}: ${path.id}`) },
    run: async (path) => await pinAll(ctx, path, blocks.slice(next, next += perRound))
  })
  const kase = `${perRound * rounds} pins`
  const rows: ResultRow[] = paths.map((path) => {
    const runs = byPath.get(path.id) ?? []
    const answered = runs.reduce((n, run) => n + run.answeredMs, 0)
    const pinned = runs.reduce((n, run) => n + run.pinnedMs, 0)
    const latency = summarize(runs.flatMap((run) => run.latencies))
    const count = perRound * runs.length
    return {
      case: kase,
      path: path.id,
      label: path.label,
      metrics: {
        acceptedPerSec: path.answersPinned ? null : count / (answered / 1000),
        pinnedPerSec: count / (pinned / 1000),
        answerP50Ms: latency.median,
        answerP99Ms: latency.p99
      },
      ratio: null
    }
  })
  return {
    id: 'pins',
    title: 'Pins through a 3-peer cluster',
    baseline: PATHS.rest.id,
    ratioOf: 'pinnedPerSec',
    ratioKind: 'rate',
    columns: [
      { key: 'acceptedPerSec', label: 'accepted pins/s' },
      { key: 'pinnedPerSec', label: 'pinned pins/s' },
      { key: 'answerP50Ms', label: 'answer p50 ms' },
      { key: 'answerP99Ms', label: 'answer p99 ms' }
    ],
    rows: withRatios(rows, PATHS.rest.id, 'pinnedPerSec'),
    notes: [
      `${perRound} fresh CIDs (${256} B raw blocks stored in peer 0's Kubo) per path and round, ${rounds} rounds interleaved, ${concurrency} requests in flight; replication everywhere (3 peers).`,
      `The in-process variant is the same cluster connector with pinWait.pollInterval ${FAST_POLL_MS} ms instead of 500 ms (first poll right after the POST, the next one after pollInterval, growing by half).`,
      'Accepted: every request answered (the proxy and REST answer once the pin is in the shared state). Pinned: every pin is in the recursive pin list of every Kubo (their pin/ls polled every 200 ms: asking the cluster, GET /pins, is itself slow enough to skew the figure). The composite node answers only when pinned (policy replication-min = every live peer here), so it has no separate accepted rate.'
    ]
  }
}

/**
 * Scenario 4: pins of existing small blocks through the 3-peer cluster (replication
 * everywhere): via the composite node (cluster connector, answers when pinned), via
 * ipfs-cluster's proxy and via REST (both answer when accepted; then the peers' status is
 * polled until every pin is pinned on every peer).
 */
export const pins: Scenario = {
  id: 'pins',
  title: 'Pins through a 3-peer cluster',
  async run (ctx): Promise<ScenarioResult> {
    // the same connector with a shorter first poll, to measure what the default costs (the CLI has no option for it)
    const fastPoll = await compositeNode({ backend: clusterConnector({ rest: ctx.topo.triple.cluster.restUrls, pinWait: { pollInterval: FAST_POLL_MS } }) })
    try {
      return await measurePins(ctx, pinPaths(ctx, fastPoll.url))
    } finally {
      await fastPoll.stop()
    }
  }
}
