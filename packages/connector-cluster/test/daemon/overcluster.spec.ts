import { compositeNode, startOvercluster, startUndercluster } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clusterConnector } from '../../src/index.ts'
import { kuboAdd, kuboPinType, missingCid, unique } from './helpers.ts'
import type { Backend } from '@composite-ipfs/interface'
import type { CompositeNode, Overcluster, Undercluster } from '@composite-ipfs/testbed'

/**
 * The point of the package: a one-peer overcluster whose "IPFS daemon" is a composite node
 * over a two-peer undercluster. The overcluster's own connector drives every call.
 */
describe('an overcluster on top of a composite node over an undercluster', () => {
  let uc: Undercluster
  let backend: Backend
  let node: CompositeNode
  let oc: Overcluster

  beforeAll(async () => {
    uc = await startUndercluster({ peers: 2 })
    backend = clusterConnector({ rest: uc.restUrls, pinWait: { pollInterval: 200, progressInterval: 1_000, timeout: 8_000 } })
    node = await compositeNode({ backend })
    oc = await startOvercluster({ attach: [node.multiaddr], pinTimeout: '20s' })
  })

  afterAll(async () => {
    await oc?.stop()
    await node?.stop()
    await backend?.stop?.()
    await uc?.stop()
  })

  it('an overcluster pin is pinned by the bottom Kubos when the overcluster says pinned', async () => {
    const [line] = await kuboAdd(uc.kubos[0]!, { 'oc.txt': unique('oc') })
    await oc.peers[0]!.rest(`/pins/${line!.Hash}`, { method: 'POST' })
    await oc.waitForStatus(line!.Hash, 'pinned')
    for (const kubo of uc.kubos) expect(await kuboPinType(kubo, line!.Hash)).toBe('recursive')
    // the overcluster's status listing goes through our pin/ls?stream=true&type=recursive
    const listing = await (await fetch(`${oc.restUrls[0]}/pins?filter=pinned`)).text()
    expect(listing).toContain(line!.Hash)
  })

  it('an overcluster direct pin stays direct down to the bottom Kubos', async () => {
    const lines = await kuboAdd(uc.kubos[0]!, { 'a.txt': unique('oc-d1'), 'b.txt': unique('oc-d2') }, { 'wrap-with-directory': 'true' })
    const root = lines.at(-1)!.Hash
    await oc.peers[0]!.rest(`/pins/ipfs/${root}?mode=direct`, { method: 'POST' })
    await oc.waitForStatus(root, 'pinned')
    for (const kubo of uc.kubos) expect(await kuboPinType(kubo, root)).toBe('direct')
  })

  it('an overcluster unpin reaches the bottom, and a failed pin is a pin_error up top', async () => {
    const [line] = await kuboAdd(uc.kubos[0]!, { 'oc-rm.txt': unique('oc-rm') })
    await oc.peers[0]!.rest(`/pins/${line!.Hash}`, { method: 'POST' })
    await oc.waitForStatus(line!.Hash, 'pinned')
    await oc.peers[0]!.rest(`/pins/${line!.Hash}`, { method: 'DELETE' })
    await uc.waitFor(async () => (await kuboPinType(uc.kubos[1]!, line!.Hash)) === undefined, { message: 'unpinned at the bottom' })

    const missing = await missingCid(uc.kubos[0]!)
    await oc.peers[0]!.rest(`/pins/${missing}`, { method: 'POST' })
    const info = await oc.waitForStatus(missing, 'pin_error', { timeoutMs: 40_000 })
    // our PinFailedError came after the first Progress line: the body was cut, which the
    // overcluster's connector sees as a failed pin instead of a clean (successful) EOF
    expect(Object.values(info.peer_map)[0]?.error).toBe('unexpected EOF')
  })
})
