import { randomBytes } from 'node:crypto'
import { startUndercluster } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clusterConnector } from '../../src/index.ts'
import type { Backend } from '@composite-ipfs/interface'
import type { KuboDaemon, Undercluster } from '@composite-ipfs/testbed'

/** Pins to create; raise it to measure (`CLUSTER_SCALE_PINS=10000`) */
const PINS = Number(process.env.CLUSTER_SCALE_PINS ?? 1_000)
/** One pin in DIRECT_EVERY is direct (they take the per-CID status path of pin/ls) */
const DIRECT_EVERY = 20

async function putBlocks (kubo: KuboDaemon, count: number): Promise<string[]> {
  const cids: string[] = []
  for (let offset = 0; offset < count; offset += 500) {
    const form = new FormData()
    for (let i = offset; i < Math.min(count, offset + 500); i++) form.append('file', new Blob([randomBytes(16)]), 'block')
    const res = await fetch(`${kubo.apiUrl}/api/v0/block/put?cid-codec=raw`, { method: 'POST', body: form })
    for (const line of (await res.text()).split('\n')) if (line !== '') cids.push((JSON.parse(line) as { Key: string }).Key)
  }
  return cids
}

describe(`pin/ls over ${PINS} real pins`, () => {
  let uc: Undercluster
  let backend: Backend
  let cids: string[]

  beforeAll(async () => {
    uc = await startUndercluster({ peers: 1 })
    backend = clusterConnector({ rest: uc.restUrls })
    cids = await putBlocks(uc.kubos[0]!, PINS)
    const queue = cids.map((cid, i) => ({ cid, direct: i % DIRECT_EVERY === 0 }))
    await Promise.all(Array.from({ length: 16 }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const path = next.direct ? `/pins/ipfs/${next.cid}?mode=direct` : `/pins/${next.cid}`
        await uc.peers[0]!.rest(path, { method: 'POST' })
      }
    }))
    await uc.waitFor(async () => {
      const res = await fetch(`${uc.restUrls[0]}/pins?filter=pinned`)
      const recursive = (await res.text()).split('\n').filter(l => l !== '').length
      return recursive >= PINS - Math.ceil(PINS / DIRECT_EVERY)
    }, { timeoutMs: 60_000 + PINS * 30, intervalMs: 1_000, message: `${PINS} pins pinned` })
  }, 120_000 + PINS * 60)

  afterAll(async () => {
    await backend?.stop?.()
    await uc?.stop()
  })

  it('streams every pin with its type, memory flat', async () => {
    const heapBefore = process.memoryUsage().heapUsed
    let peakHeap = heapBefore
    const types = new Map<string, string>()
    const started = performance.now()
    let first = 0
    for await (const entry of backend.pinLs!([], { stream: true })) {
      if (types.size === 0) first = performance.now() - started
      types.set(entry.Cid, entry.Type)
      if (types.size % 1_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
    }
    const total = performance.now() - started
    cids.forEach((cid, i) => { expect(types.get(cid)).toBe(i % DIRECT_EVERY === 0 ? 'direct' : 'recursive') })
    expect(total).toBeLessThan(5_000 + PINS)
    // figures for the report (the Map above is the test's own buffer, not the connector's)
    console.log(`pin/ls ${types.size} pins: first entry ${first.toFixed(0)} ms, all ${total.toFixed(0)} ms, heap +${((peakHeap - heapBefore) / 1e6).toFixed(1)} MB`)
  })

  it('streams the same pins with the same types in pinset mode', async () => {
    const pinset = clusterConnector({ rest: uc.restUrls, pinLs: 'pinset' })
    try {
      const types = new Map<string, string>()
      const started = performance.now()
      let first = 0
      for await (const entry of pinset.pinLs!([], { stream: true })) {
        if (types.size === 0) first = performance.now() - started
        types.set(entry.Cid, entry.Type)
      }
      cids.forEach((cid, i) => { expect(types.get(cid)).toBe(i % DIRECT_EVERY === 0 ? 'direct' : 'recursive') })
      console.log(`pin/ls (pinset) ${types.size} pins: first entry ${first.toFixed(0)} ms, all ${(performance.now() - started).toFixed(0)} ms`)
    } finally {
      await pinset.stop?.()
    }
  })
})
