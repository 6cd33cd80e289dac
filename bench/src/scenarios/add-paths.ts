import { call, callText, eachLine, rpcUrl } from '../http.ts'
import { interleave } from '../interleave.ts'
import { mibPerSecond, summarize } from '../stats.ts'
import { directoryUpload, singleFileUpload } from '../uploads.ts'
import { withRatios } from './rows.ts'
import type { BenchPath } from '../interleave.ts'
import type { CliNode } from '../cli-node.ts'
import type { ClusterSide } from '../topology.ts'
import type { Upload } from '../uploads.ts'
import type { ResultRow, Scenario, ScenarioContext, ScenarioResult } from './types.ts'

/** The two ways a cluster-backed composite node can take a pinned add */
const TITLE = 'Pinned add through a cluster-backed node: cluster /add or Kubo add'
const CLUSTER_ADD: BenchPath = { id: 'cluster-add', label: 'cluster /add, then claim' }
const KUBO_ADD: BenchPath = { id: 'kubo-add', label: 'Kubo add (pin=false), then claim' }

/**
 * `fscache` is one of the options only Kubo's adder honours, so it sends a pinned add through a
 * Kubo of the undercluster; without `nocopy` it changes nothing, so both paths build one DAG.
 */
const QUERY: Record<string, Record<string, string>> = { [CLUSTER_ADD.id]: {}, [KUBO_ADD.id]: { fscache: 'true' } }

/** Where a case adds: the undercluster and the composite node in front of it */
interface AddTarget {
  side: ClusterSide
  node: CliNode
}

async function addThrough (ctx: ScenarioContext, node: CliNode, path: BenchPath, upload: Upload): Promise<string> {
  const res = await call(ctx.agent, rpcUrl(node.url, 'add', QUERY[path.id]), { body: upload.body, headers: { 'content-type': upload.contentType } })
  let root = ''
  await eachLine(res.body, (line) => { root = (JSON.parse(line) as { Hash?: string }).Hash ?? root })
  return root
}

/** Bytes stored by every Kubo of the undercluster */
async function storedBytes (ctx: ScenarioContext, side: ClusterSide): Promise<number> {
  const sizes = await Promise.all(side.cluster.kubos.map(async (kubo) =>
    (JSON.parse(await callText(ctx.agent, rpcUrl(kubo.apiUrl, 'repo/stat', { 'size-only': 'true' }))) as { RepoSize: number }).RepoSize))
  return sizes.reduce((a, b) => a + b, 0)
}

async function measure (ctx: ScenarioContext, { side, node }: AddTarget, kase: string, rounds: number, makeUpload: () => Upload): Promise<ResultRow[]> {
  const paths = [CLUSTER_ADD, KUBO_ADD]
  const byPath = await interleave<BenchPath, { ms: number, copies: number }>({
    paths,
    rounds,
    onSlot: (path, round) => { ctx.progress.step(`${kase} round ${round + 1}/${rounds}: ${path.id}`) },
    run: async (path) => {
      const upload = makeUpload()
      const before = await storedBytes(ctx, side)
      const t0 = performance.now()
      const root = await addThrough(ctx, node, path, upload)
      const ms = performance.now() - t0
      // copies of the data the undercluster's Kubos hold once the add answered (pinned or not)
      const copies = (await storedBytes(ctx, side) - before) / upload.bytes
      // the whole pin goes (claims included), then every Kubo collects: outside the measured time
      await callText(ctx.agent, `${side.restUrl}/pins/${root}`, { method: 'DELETE' })
      await side.cluster.waitForStatus(root, 'unpinned')
      await Promise.all(side.cluster.kubos.map(async (kubo) => await callText(ctx.agent, rpcUrl(kubo.apiUrl, 'repo/gc', { quiet: 'true' }))))
      return { ms, copies }
    }
  })
  const sample = makeUpload()
  return paths.map((path) => {
    const runs = byPath.get(path.id) ?? []
    const ms = summarize(runs.map(run => run.ms)).median
    const copies = summarize(runs.map(run => run.copies)).median
    return { case: kase, path: path.id, label: path.label, metrics: { seconds: ms / 1000, mibps: mibPerSecond(sample.bytes, ms), copies: Math.round(copies * 100) / 100 }, ratio: null }
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
  title: TITLE,
  async run (ctx): Promise<ScenarioResult> {
    const s = ctx.settings.addPaths
    const size = `${s.fileBytes / 1024 ** 2} MiB`
    const { single, triple } = ctx.topo
    const one = { side: single, node: single.compositeCluster }
    const all = { side: triple, node: triple.compositeCluster }
    const oneOfThree = { side: triple, node: triple.compositeOneReplica }
    const rows = [
      ...await measure(ctx, one, `${size} file, 1 peer`, s.rounds, () => singleFileUpload(s.fileBytes)),
      ...await measure(ctx, all, `${size} file, 3 peers, on all`, s.rounds, () => singleFileUpload(s.fileBytes)),
      ...await measure(ctx, oneOfThree, `${size} file, 3 peers, on 1`, s.rounds, () => singleFileUpload(s.fileBytes)),
      ...await measure(ctx, all, `${s.dirFiles} files of 1 KiB, 3 peers, on all`, s.rounds, () => directoryUpload(s.dirFiles, 1024))
    ]
    return {
      id: 'add-paths',
      title: TITLE,
      baseline: CLUSTER_ADD.id,
      ratioOf: 'mibps',
      ratioKind: 'rate',
      columns: [
        { key: 'seconds', label: 'time to pinned s (median)' },
        { key: 'mibps', label: 'MiB/s' },
        { key: 'copies', label: 'copies stored on the Kubos when it answered' }
      ],
      rows: withRatios(rows, CLUSTER_ADD.id, 'mibps'),
      notes: [
        `Both through the same composite node (\`--cluster\`, \`--cluster-ipfs\`), pin=true, Kubo's default DAG settings; the Kubo path is forced with \`fscache=true\`, a Kubo-only option that changes nothing without \`nocopy\`. ${s.rounds} rounds per case, interleaved; time = request start to the last answer line, which comes once the roots are pinned (see the cases for the replication factor).`,
        '"on all": replication factor -1 (every peer); "on 1": a node with `--replication-min 1 --replication-max 1`. Copies = growth of the Kubos\' summed RepoSize over the payload size: above the replication factor, the extra is unpinned data on a Kubo that is not allocated (until its GC).',
        'After each add the pin is deleted and every Kubo garbage-collected, outside the measured time.'
      ]
    }
  }
}
