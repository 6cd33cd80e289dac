import { call, callText, eachLine, rpcUrl } from '../http.ts'
import { interleave } from '../interleave.ts'
import { watchPeaks } from '../memory.ts'
import { PATHS } from '../paths.ts'
import { mibPerSecond, summarize } from '../stats.ts'
import { directoryUpload, singleFileUpload } from '../uploads.ts'
import { mib, withRatios } from './rows.ts'
import type { BenchPath } from '../interleave.ts'
import type { PeakMemory } from '../memory.ts'
import type { Upload } from '../uploads.ts'
import type { ResultRow, Scenario, ScenarioContext, ScenarioResult } from './types.ts'

/** A path that can add, and how to undo what it added */
interface AddPath extends BenchPath {
  /** Sends the upload; resolves with the root CID once the whole answer was read */
  add(upload: Upload): Promise<string>
  /** Unpins the root where this path pinned it */
  unpin(root: string): Promise<void>
  /** Name of the process in front of the data (the composite node, ipfs-cluster-service), if any */
  front?: string
}

interface AddRun {
  ms: number
  memory: Record<string, PeakMemory>
}

function kuboAdd (ctx: ScenarioContext, base: string): AddPath['add'] {
  return async (upload) => {
    const res = await call(ctx.agent, rpcUrl(base, 'add'), { body: upload.body, headers: { 'content-type': upload.contentType } })
    let root = ''
    await eachLine(res.body, (line) => { root = (JSON.parse(line) as { Hash?: string }).Hash ?? root })
    return root
  }
}

function addPaths (ctx: ScenarioContext): AddPath[] {
  const side = ctx.topo.single
  const kuboUnpin = async (root: string): Promise<void> => { await callText(ctx.agent, rpcUrl(side.kubo.apiUrl, 'pin/rm', { arg: root })) }
  const clusterUnpin = async (root: string): Promise<void> => { await callText(ctx.agent, `${side.restUrl}/pins/${root}`, { method: 'DELETE' }) }
  return [
    { ...PATHS.kubo, add: kuboAdd(ctx, side.kubo.apiUrl), unpin: kuboUnpin },
    { ...PATHS.composite, add: kuboAdd(ctx, side.composite.url), unpin: kuboUnpin, front: 'composite' },
    { ...PATHS.proxy, add: kuboAdd(ctx, side.proxyUrl), unpin: clusterUnpin, front: 'cluster' },
    { ...PATHS.compositeCluster, add: kuboAdd(ctx, side.compositeCluster.url), unpin: clusterUnpin, front: 'compositeCluster' },
    {
      ...PATHS.rest,
      front: 'cluster',
      unpin: clusterUnpin,
      add: async (upload) => {
        const res = await call(ctx.agent, `${side.restUrl}/add`, { body: upload.body, headers: { 'content-type': upload.contentType } })
        let root = ''
        await eachLine(res.body, (line) => { root = (JSON.parse(line) as { cid?: string }).cid ?? root })
        return root
      }
    }
  ]
}

async function measure (ctx: ScenarioContext, kase: string, rounds: number, makeUpload: () => Upload): Promise<ResultRow[]> {
  const side = ctx.topo.single
  const paths = addPaths(ctx)
  const pids = { composite: side.composite.pid, compositeCluster: side.compositeCluster.pid, cluster: side.peer.pid, kubo: side.kubo.pid }
  const byPath = await interleave<AddPath, AddRun>({
    paths,
    rounds,
    onSlot: (path, round) => { ctx.progress.step(`${kase} round ${round + 1}/${rounds}: ${path.id}`) },
    run: async (path) => {
      const upload = makeUpload()
      const watch = await watchPeaks(pids)
      const t0 = performance.now()
      const root = await path.add(upload)
      const ms = performance.now() - t0
      const memory = await watch.stop()
      // keep the repo from growing: unpin and collect garbage outside the measured time
      await path.unpin(root)
      await callText(ctx.agent, rpcUrl(side.kubo.apiUrl, 'repo/gc', { quiet: 'true' }))
      return { ms, memory }
    }
  })
  const sample = makeUpload()
  return paths.map((path) => {
    const runs = byPath.get(path.id) ?? []
    const ms = summarize(runs.map((run) => run.ms)).median
    const front = path.front === undefined ? undefined : summarize(runs.map((run) => run.memory[path.front as string].peak)).max
    const growth = path.front === undefined ? undefined : summarize(runs.map((run) => run.memory[path.front as string].growth)).max
    return {
      case: kase,
      path: path.id,
      label: path.label,
      metrics: {
        seconds: ms / 1000,
        mibps: mibPerSecond(sample.bytes, ms),
        filesPerSec: sample.files > 1 ? sample.files / (ms / 1000) : null,
        frontPeakMiB: mib(front),
        frontGrowthMiB: mib(growth),
        kuboPeakMiB: mib(summarize(runs.map((run) => run.memory.kubo.peak)).max)
      },
      ratio: null
    }
  })
}

/**
 * Scenario 2: `add` of one big random file and of a directory of many small files, made on the
 * fly, through every path of the 1-peer side (and the cluster's REST `/add`), with the peak RSS
 * of the process in front of the data.
 */
export const add: Scenario = {
  id: 'add',
  title: 'Add: throughput and memory',
  async run (ctx): Promise<ScenarioResult> {
    const s = ctx.settings.add
    const sizeLabel = s.fileBytes >= 1024 ** 3 ? `${s.fileBytes / 1024 ** 3} GiB` : `${s.fileBytes / 1024 ** 2} MiB`
    const fileCase = `${sizeLabel} file`
    const dirCase = `${s.dirFiles} files of ${s.dirFileBytes} B`
    const rows = [
      ...await measure(ctx, fileCase, s.fileRounds, () => singleFileUpload(s.fileBytes)),
      ...await measure(ctx, dirCase, s.dirRounds, () => directoryUpload(s.dirFiles, s.dirFileBytes))
    ]
    return {
      id: 'add',
      title: 'Add: throughput and memory',
      baseline: PATHS.kubo.id,
      ratioOf: 'mibps',
      ratioKind: 'rate',
      columns: [
        { key: 'seconds', label: 'time s (median)' },
        { key: 'mibps', label: 'MiB/s' },
        { key: 'filesPerSec', label: 'files/s' },
        { key: 'frontPeakMiB', label: 'front process peak RSS MiB' },
        { key: 'frontGrowthMiB', label: 'front RSS growth MiB' },
        { key: 'kuboPeakMiB', label: 'Kubo peak RSS MiB' }
      ],
      rows: withRatios(rows, PATHS.kubo.id, 'mibps'),
      notes: [
        `Random content (AES-CTR keystream, a new key per add) made while it is sent, never stored; Kubo's defaults (CIDv0, 256 KiB chunks), ${s.fileRounds} rounds (file) and ${s.dirRounds} rounds (directory), interleaved; time = request start to the last answer line.`,
        'Front process: the composite node for the composite paths, ipfs-cluster-service (which hosts the proxy and the REST API) for the proxy and REST paths; the worst round is shown. Each root is unpinned and Kubo garbage-collected after each add, outside the measured time.',
        'The proxy and REST paths run ipfs-cluster\'s own adder (it chunks the file itself and sends blocks to the peers with block/put); the composite node → cluster path streams the upload to REST /add.'
      ]
    }
  }
}
