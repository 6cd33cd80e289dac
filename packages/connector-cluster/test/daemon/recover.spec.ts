import { compositeNode, connectKubos, startKubo, startOvercluster, startUndercluster } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clusterConnector } from '../../src/index.ts'
import { kuboAdd, kuboPinType, unique } from './helpers.ts'
import type { Backend } from '@composite-ipfs/interface'
import type { CompositeNode, KuboDaemon, Overcluster, Undercluster } from '@composite-ipfs/testbed'
import { memoryLogger } from '@composite-ipfs/testbed'

/**
 * A transient undercluster failure healed while the overcluster waits. The undercluster's Kubo
 * cannot reach the content at first (the only Kubo that has it is not connected), so its peer
 * hits its `pin_timeout` (3 s) and reports `pin_error`. The composite node asks the undercluster
 * to recover the pin; once the content can arrive (the Kubos are connected, right after the
 * first recovery), the pin succeeds, and the overcluster never sees the failure.
 */
describe('a pin that fails once below, then succeeds on recovery', () => {
  let uc: Undercluster
  let source: KuboDaemon
  let backend: Backend
  let node: CompositeNode
  let oc: Overcluster
  const logger = memoryLogger()

  beforeAll(async () => {
    ;[uc, source] = await Promise.all([startUndercluster({ peers: 1, pinTimeout: '3s' }), startKubo({ name: 'source' })])
    backend = clusterConnector({ rest: uc.restUrls, pinWait: { pollInterval: 200, progressInterval: 1_000, timeout: 120_000 }, logger })
    node = await compositeNode({ backend })
    oc = await startOvercluster({ attach: [node.multiaddr], pinTimeout: '60s' })
  })

  afterAll(async () => {
    await oc?.stop()
    await node?.stop()
    await backend?.stop?.()
    await uc?.stop()
    await source?.stop()
  })

  it('ends PINNED at the overcluster with no pin_error in between; the undercluster\'s reason is logged', async () => {
    const [line] = await kuboAdd(source, { 'slow.txt': unique('slow to arrive') })
    const cid = line!.Hash
    const seen = new Set<string>()
    let watching = true
    const look = async (): Promise<void> => {
      const info = await oc.peers[0]!.rest<{ peer_map: Record<string, { status: string }> }>(`/pins/${cid}`).catch(() => undefined)
      for (const peer of Object.values(info?.peer_map ?? {})) seen.add(peer.status)
    }
    const watch = (async () => {
      while (watching) {
        await look()
        await new Promise(resolve => setTimeout(resolve, 100))
      }
    })()
    try {
      await oc.peers[0]!.rest(`/pins/${cid}`, { method: 'POST' })
      // the undercluster's own pin failed, and the node asked for a recovery
      await uc.waitFor(async () => logger.messages().find(m => m.includes(cid) && m.includes('recover')), { message: 'a recovery of the failed pin', timeoutMs: 60_000 })
      await connectKubos([uc.kubos[0]!, source])
      await oc.waitForStatus(cid, 'pinned', { timeoutMs: 90_000 })
    } finally {
      watching = false
      await watch
    }
    // the watch may stop between two looks: one more, now that the overcluster says pinned
    await look()
    expect(await kuboPinType(uc.kubos[0]!, cid)).toBe('recursive')
    expect(seen.has('pinned')).toBe(true)
    expect([...seen].filter(s => s === 'pin_error' || s === 'error')).toEqual([])
    // the undercluster peer's own words, kept on the node
    expect(logger.messages().find(m => m.includes(cid) && m.includes('pin_error'))).toMatch(/pin_error: .+/)
  })
})
