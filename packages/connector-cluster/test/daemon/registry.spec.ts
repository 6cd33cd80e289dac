import { startUndercluster, waitFor } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FrontRegistry, REGISTRY_CID } from '../../src/capacity/registry.ts'
import { RestClient } from '../../src/rest-client.ts'
import type { Undercluster } from '@composite-ipfs/testbed'

describe('the registry of composite nodes in front of one undercluster', () => {
  let uc: Undercluster
  const rests: RestClient[] = []
  const registry = (nodeId: string, tenant?: string): FrontRegistry => {
    const rest = new RestClient({ endpoints: uc.restUrls })
    rests.push(rest)
    return new FrontRegistry({ rest, nodeId, tenant, interval: 300 })
  }

  beforeAll(async () => { uc = await startUndercluster({ peers: 2 }) })
  afterAll(async () => {
    await Promise.all(rests.map(async rest => { await rest.close() }))
    await uc?.stop()
  })

  it('a node alone finds itself alone; a second one is seen by both; one that stops leaves at once', async () => {
    const a = registry('reg-a', 'acme')
    await a.start()
    expect(a.count()).toBe(1)
    // other writers are assumed until three refreshes in a row found this node alone
    expect(a.shared()).toBe(true)
    await waitFor(async () => !a.shared(), { timeoutMs: 10_000, message: 'node a to be sure it is alone' })
    expect(await a.alone()).toBe(true)

    const b = registry('reg-b')
    await b.start()
    await waitFor(async () => a.count() === 2 && b.count() === 2, { timeoutMs: 10_000, message: 'both nodes to see each other' })
    expect(a.shared()).toBe(true)
    expect(await a.alone()).toBe(false)
    const pin = await uc.peers[0]!.rest<{ name: string, metadata: Record<string, string> }>(`/allocations/${REGISTRY_CID}`)
    expect(pin.name).toBe('composite-ipfs: composite nodes in front of this cluster')
    expect(pin.metadata['composite-front.reg-a']).toMatch(/^\d{4}-.* tenant=acme$/)
    expect(pin.metadata['composite-front.reg-b']).toMatch(/^\d{4}-\d\d-\d\dT/)

    await b.stop()
    await waitFor(async () => a.count() === 1, { timeoutMs: 10_000, message: 'node a to see b gone' })
    await a.stop()
    const left = await uc.peers[0]!.rest<{ metadata: Record<string, string> | null }>(`/allocations/${REGISTRY_CID}`)
    expect(Object.keys(left.metadata ?? {}).filter(key => key.startsWith('composite-front.'))).toEqual([])
  })
})
