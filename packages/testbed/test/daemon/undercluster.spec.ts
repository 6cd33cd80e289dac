import { writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { printLogsOnFailure, startUndercluster } from '../../src/index.ts'
import type { Undercluster } from '../../src/index.ts'
import { join } from 'node:path'

describe('startUndercluster', () => {
  let uc: Undercluster | undefined

  beforeAll(async () => {
    const t0 = Date.now()
    uc = await startUndercluster({ peers: 2 })
    console.info(`2-peer undercluster started in ${Date.now() - t0} ms`)
  })
  beforeEach(printLogsOnFailure(() => [...(uc?.peers ?? []), ...(uc?.kubos ?? [])]))
  afterAll(async () => { await uc?.stop() })

  it('has two peers that see each other, each with its own swarm-connected Kubo', async () => {
    const cluster = uc!
    expect(cluster.peers).toHaveLength(2)
    expect(cluster.restUrls).toEqual(cluster.peers.map((peer) => peer.restUrl))
    expect(cluster.secret).toMatch(/^[0-9a-f]{64}$/)
    const [a, b] = cluster.peers
    expect(a.kubo.peerId).not.toBe(b.kubo.peerId)
    const id = await a.rest<{ id: string, cluster_peers: string[], ipfs: { id: string } }>('/id')
    expect(id.ipfs.id).toBe(a.kubo.peerId)
    expect(id.cluster_peers.sort()).toEqual([a.id, b.id].sort())
    const swarm = await a.kubo.rpc<{ Peers: Array<{ Peer: string }> | null }>('swarm/peers')
    expect(swarm.Peers?.map((peer) => peer.Peer)).toContain(b.kubo.peerId)

    const peers = await cluster.ctl(['peers', 'ls'])
    expect(peers.code).toBe(0)
    expect(peers.json<{ id: string }>().map((peer) => peer.id).sort()).toEqual([a.id, b.id].sort())
  })

  it('pins a CID on both Kubos', async () => {
    const [a, b] = uc!.peers
    const file = join(a.kubo.repoPath, 'hello.txt')
    await writeFile(file, `hello from the testbed ${Date.now()}\n`)
    const added = await a.kubo.cli(['add', '-Q', '--pin=false', file])
    expect(added.code).toBe(0)
    const cid = added.stdout.trim()

    const pin = await b.rest<{ cid: string, allocations: string[] }>(`/pins/${cid}`, { method: 'POST' })
    expect(pin.cid).toBe(cid)
    const info = await uc!.waitForStatus(cid, 'pinned')
    expect(Object.keys(info.peer_map).sort()).toEqual([a.id, b.id].sort())
    for (const kubo of uc!.kubos) {
      const pins = await kubo.rpc<{ Keys: Record<string, { Type: string }> }>('pin/ls', { arg: cid })
      expect(pins.Keys[cid].Type).toBe('recursive')
    }
    const status = await uc!.ctl(['status', cid], { peer: 1 })
    expect(status.json<{ cid: string }>()[0].cid).toBe(cid)
  })

  it('sees freespace metrics from every peer', async () => {
    const metrics = await uc!.waitForMetrics('freespace')
    expect(metrics).toHaveLength(2)
  })
})

describe('startUndercluster with the IPFS proxy and REST basic auth', () => {
  let uc: Undercluster | undefined

  beforeAll(async () => { uc = await startUndercluster({ peers: 1, proxy: true, restBasicAuth: { admin: 'hunter2' } }) })
  beforeEach(printLogsOnFailure(() => [...(uc?.peers ?? []), ...(uc?.kubos ?? [])]))
  afterAll(async () => { await uc?.stop() })

  it('serves ipfs-cluster\'s own proxy in front of the Kubo', async () => {
    const [peer] = uc!.peers
    expect(peer.proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${peer.proxyUrl}/api/v0/id`, { method: 'POST' })
    expect(res.status).toBe(200)
    expect((await res.json()).ID).toBe(peer.kubo.peerId)
  })

  it('protects the REST API, and ctl and rest() authenticate', async () => {
    const [peer] = uc!.peers
    expect((await fetch(`${peer.restUrl}/id`)).status).toBe(401)
    expect((await peer.rest<{ id: string }>('/id')).id).toBe(peer.id)
    const ls = await uc!.ctl(['peers', 'ls'])
    expect(ls.code).toBe(0)
    expect(ls.json<{ id: string }>()[0].id).toBe(peer.id)
  })
})
