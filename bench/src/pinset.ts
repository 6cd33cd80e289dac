import { identityCids } from './blocks.ts'
import { waitForIdle } from './cluster-status.ts'
import { callText, rpcUrl } from './http.ts'
import { forEachConcurrent } from './load.ts'
import type { ClusterSide } from './topology.ts'
import type { Dispatcher } from 'undici'

const KUBO_BATCH = 250
const KUBO_WORKERS = 4
const REST_CONCURRENCY = 16

export interface FillPinsetInit {
  agent: Dispatcher
  side: ClusterSide
  count: number
  /** Keeps this set's CIDs apart from any other set's */
  prefix: string
  /** Told about progress every 10 % */
  log?: (text: string) => void
}

/**
 * Makes `count` real cluster pins quickly: identity CIDs (no content to fetch) are pinned in
 * the peer's Kubo first, many per `pin/add` call, and then through REST (`POST /pins/{cid}`,
 * several in flight). ipfs-cluster's connector sees the CID already pinned in Kubo and skips
 * its own `pin/add` (and the two metric updates around it), which is what makes naive REST
 * pinning slow. Resolves, with the time taken in ms, when nothing is queued or pinning any more.
 */
export async function fillPinset (init: FillPinsetInit): Promise<number> {
  const { agent, side } = init
  const started = performance.now()
  const cids = identityCids(init.count, init.prefix)
  const batches: string[][] = []
  for (let i = 0; i < cids.length; i += KUBO_BATCH) batches.push(cids.slice(i, i + KUBO_BATCH))
  let done = 0
  let told = 0
  await forEachConcurrent(batches, KUBO_WORKERS, async (batch) => {
    await callText(agent, rpcUrl(side.kubo.apiUrl, 'pin/add', { arg: batch }))
    await forEachConcurrent(batch, REST_CONCURRENCY, async (cid) => { await callText(agent, `${side.restUrl}/pins/${cid}`, { method: 'POST' }) })
    done += batch.length
    if (done * 10 >= (told + 1) * init.count) {
      told = Math.floor(done * 10 / init.count)
      init.log?.(`${done}/${init.count} pins accepted (${Math.round((performance.now() - started) / 1000)} s)`)
    }
  })
  await waitForIdle(agent, side.restUrl, 30 * 60_000, 2000)
  return performance.now() - started
}
