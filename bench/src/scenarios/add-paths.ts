import { call, callText, eachLine, rpcUrl } from '../http.ts'
import { interleave } from '../interleave.ts'
import { mibPerSecond, summarize } from '../stats.ts'
import { directoryUpload, singleFileUpload } from '../uploads.ts'
import { withRatios } from './rows.ts'
import type { BenchPath } from '../interleave.ts'
import type { ClusterSide } from '../topology.ts'
import type { Upload } from '../uploads.ts'
import type { ResultRow, Scenario, ScenarioContext, ScenarioResult } from './types.ts'

/** The two ways a cluster-backed composite node can take a pinned add */
const CLUSTER_ADD: BenchPath = { id: 'cluster-add', label: 'cluster /add, then claim' }
const KUBO_ADD: BenchPath = { id: 'kubo-add', label: 'Kubo add (pin=false), then claim' }

/**
 * `fscache` is one of the options only Kubo's adder honours, so it sends a pinned add through a
 * Kubo of the undercluster; without `nocopy` it changes nothing, so both paths build one DAG.
 */
const QUERY: Record<string, Record<string, string>> = { [CLUSTER_ADD.id]: {}, [KUBO_ADD.id]: { fscache: 'true' } }

async function addThrough (ctx: ScenarioContext, side: ClusterSide, path: BenchPath, upload: Upload): Promise<string> {
  const res = await call(ctx.agent, rpcUrl(side.compositeCluster.url, 'add', QUERY[path.id]), { body: upload.body, headers: { 'content-type': upload.contentType } })
  let root = ''
  await eachLine(res.body, (line) => { root = (JSON.parse(line) as { Hash?: string }).Hash ?? root })
  return root
}

async function measure (ctx: ScenarioContext, side: ClusterSide, kase: string, rounds: number, makeUpload: () => Upload): Promise<ResultRow[]> {
  const paths = [CLUSTER_ADD, KUBO_ADD]
  const byPath = await interleave<BenchPath, number>({
    paths,
    rounds,
    onSlot: (path, round) => { ctx.progress.step(`${kase} round ${round + 1}/${rounds}: ${path.id}`) },
    run: async (path) => {
      const t0 = performance.now()
      const root = await addThrough(ctx, side, path, makeUpload())
      const ms = performance.now() - t0
      // the whole pin goes (claims included), then every Kubo collects: outside the measured time
      await callText(ctx.agent, `${side.restUrl}/pins/${root}`, { method: 'DELETE' })
      await side.cluster.waitForStatus(root, 'unpinned')
      await Promise.all(side.cluster.kubos.map(async (kubo) => await callText(ctx.agent, rpcUrl(kubo.apiUrl, 'repo/gc', { quiet: 'true' }))))
      return ms
    }
  })
  const sample = makeUpload()
  return paths.map((path) => {
    const ms = summarize(byPath.get(path.id) ?? []).median
    return { case: kase, path: path.id, label: path.label, metrics: { seconds: ms / 1000, mibps: mibPerSecond(sample.bytes, ms) }, ratio: null }
  })
}

/**
 * The two paths of a pinned add through a cluster-backed node (issue 11's split): the cluster's
 * `/add`, which chunks the upload and sends the blocks to the allocated peers, against a Kubo of
 * the undercluster building the DAG, then the cluster pinning it (the other peers fetch it over
 * bitswap). Both end when the node answers, that is once the roots are pinned.
 */
export const addPaths: Scenario = {
  id: 'add-paths',
  title: 'Pinned add through a cluster-backed node: cluster /add or Kubo add',
  async run (ctx): Promise<ScenarioResult> {
    const s = ctx.settings.addPaths
    const size = `${s.fileBytes / 1024 ** 2} MiB`
    const rows = [
      ...await measure(ctx, ctx.topo.single, `${size} file, 1 peer`, s.rounds, () => singleFileUpload(s.fileBytes)),
      ...await measure(ctx, ctx.topo.triple, `${size} file, 3 peers`, s.rounds, () => singleFileUpload(s.fileBytes)),
      ...await measure(ctx, ctx.topo.triple, `${s.dirFiles} files of 1 KiB, 3 peers`, s.rounds, () => directoryUpload(s.dirFiles, 1024))
    ]
    return {
      id: 'add-paths',
      title: this.title,
      baseline: CLUSTER_ADD.id,
      ratioOf: 'mibps',
      ratioKind: 'rate',
      columns: [
        { key: 'seconds', label: 'time to pinned s (median)' },
        { key: 'mibps', label: 'MiB/s' }
      ],
      rows: withRatios(rows, CLUSTER_ADD.id, 'mibps'),
      notes: [
        `Both through the same composite node (\`--cluster\`, \`--cluster-ipfs\`), pin=true, Kubo's default DAG settings; the Kubo path is forced with \`fscache=true\`, a Kubo-only option that changes nothing without \`nocopy\`. ${s.rounds} rounds per case, interleaved; time = request start to the last answer line, which comes once the roots are pinned (replication factor: every peer).`,
        'After each add the pin is deleted and every Kubo garbage-collected, outside the measured time.'
      ]
    }
  }
}
