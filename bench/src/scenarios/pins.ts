import { clusterConnector } from '@composite-ipfs/connector-cluster'
import { compositeNode } from '@composite-ipfs/testbed'
import { Agent } from 'undici'
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
import type { CompositeNode } from '@composite-ipfs/testbed'

interface PinPath extends BenchPath {
  /** Pins one CID; resolves when the path answers */
  pin(cid: string): Promise<void>
  /** Whether the answer means "pinned" (else only "accepted into the shared state") */
  answersPinned: boolean
  /** Status calls (`GET /pins...`) the path's connector made so far, when it runs in this process */
  statusCalls?: () => number
}

interface PinRun {
  /** Until the last answer, ms */
  answeredMs: number
  /** Until every peer reported every pin pinned, ms */
  pinnedMs: number
  latencies: number[]
  /** Status calls made during the run (in-process connectors only) */
  statusCalls: number | null
}

/** pinWait.pollInterval of the in-process variants, ms (500 was the default before) */
const POLL_VARIANTS = [100, 200, 500]

/** An in-process composite node with the cluster connector at one poll interval, counting its status calls */
interface PollVariant {
  pollMs: number
  node: CompositeNode
  dispatcher: Agent
  statusCalls: { count: number }
}

async function startVariant (ctx: ScenarioContext, pollMs: number): Promise<PollVariant> {
  const statusCalls = { count: 0 }
  const dispatcher = new Agent().compose((dispatch) => (opts, handler) => {
    if (opts.method === 'GET' && String(opts.path).startsWith('/pins')) statusCalls.count++
    return dispatch(opts, handler)
  }) as Agent
  const backend = clusterConnector({ rest: ctx.topo.triple.cluster.restUrls, pinWait: { pollInterval: pollMs }, dispatcher })
  return { pollMs, node: await compositeNode({ backend }), dispatcher, statusCalls }
}

function pinPaths (ctx: ScenarioContext, variants: PollVariant[]): PinPath[] {
  const side = ctx.topo.triple
  return [
    { ...PATHS.compositeCluster, label: 'composite node → cluster (CLI, default pollInterval)', answersPinned: true, pin: async (cid) => { await callText(ctx.agent, rpcUrl(side.compositeCluster.url, 'pin/add', { arg: cid })) } },
    ...variants.map((variant): PinPath => ({
      id: `composite-poll${variant.pollMs}`,
      label: `composite node, pollInterval ${variant.pollMs} ms (in-process)`,
      answersPinned: true,
      statusCalls: () => variant.statusCalls.count,
      pin: async (cid) => { await callText(ctx.agent, rpcUrl(variant.node.url, 'pin/add', { arg: cid })) }
    })),
    { ...PATHS.proxy, answersPinned: false, pin: async (cid) => { await callText(ctx.agent, rpcUrl(side.proxyUrl, 'pin/add', { arg: cid })) } },
    { ...PATHS.rest, answersPinned: false, pin: async (cid) => { await callText(ctx.agent, `${side.restUrl}/pins/${cid}`, { method: 'POST' }) } }
  ]
}

async function pinAll (ctx: ScenarioContext, path: PinPath, cids: string[]): Promise<PinRun> {
  const { concurrency, pinnedTimeoutMs } = ctx.settings.pins
  const side = ctx.topo.triple
  const latencies: number[] = []
  const callsBefore = path.statusCalls?.()
  const t0 = performance.now()
  await forEachConcurrent(cids, concurrency, async (cid) => {
    const started = performance.now()
    await path.pin(cid)
    latencies.push(performance.now() - started)
  })
  const answeredMs = performance.now() - t0
  const statusCalls = callsBefore === undefined ? null : (path.statusCalls?.() ?? 0) - callsBefore
  // the composite node answers once pinned; the others once accepted: wait for the peers
  if (!path.answersPinned) await waitForPinnedInKubos(ctx.agent, side.cluster.kubos.map((kubo) => kubo.apiUrl), cids, pinnedTimeoutMs)
  return { answeredMs, pinnedMs: performance.now() - t0, latencies, statusCalls }
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
        answerP99Ms: latency.p99,
        statusCallsPerPin: runs.some((run) => run.statusCalls === null) ? null : runs.reduce((n, run) => n + (run.statusCalls ?? 0), 0) / count
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
      { key: 'answerP99Ms', label: 'answer p99 ms' },
      { key: 'statusCallsPerPin', label: 'status calls per pin' }
    ],
    rows: withRatios(rows, PATHS.rest.id, 'pinnedPerSec'),
    notes: [
      `${perRound} fresh CIDs (${256} B raw blocks stored in peer 0's Kubo) per path and round, ${rounds} rounds interleaved, ${concurrency} requests in flight; replication everywhere (3 peers).`,
      `The in-process variants are the same cluster connector with pinWait.pollInterval ${POLL_VARIANTS.join(', ')} ms (first poll right after the POST, the next one after pollInterval, growing by half); the CLI node runs the default. Concurrent waits share their status calls (a poll made while two calls are out joins the next GET /pins?cids=...): status calls per pin counts the GET /pins requests the connector sent.`,
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
    // the same connector at several poll intervals, counting its REST status calls
    const variants: PollVariant[] = []
    try {
      for (const pollMs of POLL_VARIANTS) variants.push(await startVariant(ctx, pollMs))
      return await measurePins(ctx, pinPaths(ctx, variants))
    } finally {
      for (const variant of variants) {
        await variant.node.stop()
        await variant.dispatcher.close()
      }
    }
  }
}
