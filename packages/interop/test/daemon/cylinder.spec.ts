/**
 * The seed's cylinder with real daemons only: an overcluster of 3 ipfs-cluster peers, each
 * attached to its own composite node, all three nodes in front of the SAME undercluster
 * (2 ipfs-cluster peers, each with its own Kubo). The overcluster pins with replication 2, so
 * when it moves a replica from one of its peers to another, the peer that lets go unpins
 * through its node while another still holds the CID: the undercluster must keep it.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { printLogsOnFailure, startOvercluster, waitFor } from '@composite-ipfs/testbed'
import { request } from 'undici'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSharedUndercluster } from '../../src/shared-undercluster.ts'
import { allocationOf, kuboPinned } from '../fixtures/shared-pins.ts'
import type { Allocation } from '../fixtures/shared-pins.ts'
import type { SharedUndercluster } from '../../src/shared-undercluster.ts'
import type { Overcluster } from '@composite-ipfs/testbed'


describe('cylinder: one overcluster whose 3 peers are attached to composite nodes of one undercluster', () => {
  let shared: SharedUndercluster
  let oc: Overcluster
  let dir: string
  const daemons = (): Array<{ logs: () => string, name: string }> => [...(oc?.peers ?? []), ...(shared?.undercluster.peers ?? []), ...(shared?.undercluster.kubos ?? [])]
  beforeEach(printLogsOnFailure(daemons))

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cylinder-'))
    shared = await startSharedUndercluster({
      nodes: 3,
      connector: () => ({ registryInterval: 1_000, pinWait: { pollInterval: 200, progressInterval: 1_000, timeout: 60_000 } })
    })
    oc = await startOvercluster({ attach: shared.nodes.map(node => node.multiaddr), replicationMin: 2, replicationMax: 2 })
    await oc.waitForMetrics('freespace', { timeoutMs: 60_000 })
  })
  afterAll(async () => {
    await oc?.stop()
    await shared?.stop()
    if (dir != null) await rm(dir, { recursive: true, force: true })
  })

  const underPin = async (cid: string): Promise<Allocation | undefined> => await allocationOf(shared.undercluster.restUrls[0]!, cid)
  /** Through node `i`, whether `cid` is pinned: Kubo's pin/ls with an argument */
  const nodeHolds = async (i: number, cid: string): Promise<boolean> => {
    const res = await request(`${shared.nodes[i]!.url}/api/v0/pin/ls?arg=${cid}&type=recursive`, { method: 'POST' })
    const body = await res.body.text()
    if (res.statusCode === 200) return true
    expect(body).toContain('is not pinned')
    return false
  }
  const allocatedTo = async (cid: string): Promise<number[]> => {
    const pin = await oc.peers[0]!.rest<{ allocations: string[] }>(`/allocations/${cid}`)
    return oc.peers.map((peer, i) => pin.allocations.includes(peer.id) ? i : -1).filter(i => i >= 0)
  }

  it('a replica moved from one overcluster peer to another never leaves the undercluster, and each node answers for its own peer', async () => {
    await writeFile(join(dir, 'moving.txt'), `moving ${randomBytes(8).toString('hex')}`)
    const cid = (await shared.undercluster.kubos[0]!.cli(['add', '-Q', '--pin=false', join(dir, 'moving.txt')])).stdout.trim()
    const [p0, p1, p2] = oc.peers.map(peer => peer.id)
    // the undercluster must hold the pin, unexpiring, on every Kubo, at every sampled moment
    const gaps: string[] = []
    let sampling = true
    let placed = false
    const sampler = (async () => {
      while (sampling) {
        if (placed) {
          const pin = await underPin(cid)
          if (pin === undefined) gaps.push('no undercluster pin')
          else if (pin.expire_at !== undefined && !/^0001-01-01/.test(pin.expire_at)) gaps.push(`expiring at ${pin.expire_at}`)
        }
        await new Promise(resolve => setTimeout(resolve, 100))
      }
    })()
    try {
      // placed on peers 0 and 1 (preferred among the peers with a valid freespace metric: on a
      // busy machine one can lapse, and the placement is then made again)
      await waitFor(async () => {
        await oc.waitForMetrics('freespace', { timeoutMs: 30_000 })
        expect((await oc.ctl(['pin', 'add', '--rmin', '2', '--rmax', '2', '--allocations', `${p0},${p1}`, cid])).code).toBe(0)
        await oc.waitForStatus(cid, 'pinned', { timeoutMs: 60_000 })
        if ((await allocatedTo(cid)).join() === '0,1') return true
        expect((await oc.ctl(['pin', 'rm', cid])).code).toBe(0)
        await waitFor(async () => !(await Promise.all([0, 1, 2].map(async i => await nodeHolds(i, cid)))).includes(true), { timeoutMs: 60_000 })
        return false
      }, { timeoutMs: 150_000, intervalMs: 100, message: 'the CID to be placed on peers 0 and 1' })
      placed = true
      expect(await Promise.all([0, 1, 2].map(async i => await nodeHolds(i, cid)))).toEqual([true, true, false])
      const owners = (): string[] => Object.keys(pinMetadata).filter(key => key.startsWith('composite-owner.')).sort()
      let pinMetadata = (await underPin(cid))?.metadata ?? {}
      expect(owners()).toEqual([`composite-owner.${shared.nodeIds[0]!}`, `composite-owner.${shared.nodeIds[1]!}`])

      // the move: down to one replica (the overcluster keeps one of the two, the other unpins
      // through its node), then two again with peer 2 preferred. Allocation prefers the given
      // peers among those with a valid freespace metric; on a busy machine peer 2's can lapse
      // between the check and the pin, and the move is then made again
      const { kept } = await waitFor(async () => {
        expect((await oc.ctl(['pin', 'add', '--rmin', '1', '--rmax', '1', cid])).code).toBe(0)
        const [one] = await waitFor(async () => {
          const now = await allocatedTo(cid)
          return now.length === 1 ? now : undefined
        }, { timeoutMs: 30_000, message: 'the overcluster to drop one allocation' })
        const dropped = one === 0 ? 1 : 0
        await waitFor(async () => !(await nodeHolds(dropped, cid)), { timeoutMs: 60_000, message: `overcluster peer ${dropped} to unpin through its node` })
        await oc.waitForMetrics('freespace', { timeoutMs: 30_000 })
        expect((await oc.ctl(['pin', 'add', '--rmin', '2', '--rmax', '2', '--allocations', `${[p0, p1][one!]},${p2}`, cid])).code).toBe(0)
        const two = await waitFor(async () => {
          const now = await allocatedTo(cid)
          return now.length === 2 ? now : undefined
        }, { timeoutMs: 30_000, message: 'the overcluster to allocate two peers' })
        return two.includes(2) ? { kept: one! } : undefined
      }, { timeoutMs: 150_000, intervalMs: 100, message: 'the replica to move to peer 2' })
      await oc.waitForStatus(cid, 'pinned', { timeoutMs: 60_000 })

      // each node answers what its overcluster peer holds; the undercluster pin has exactly those owners
      const holds = await Promise.all([0, 1, 2].map(async i => await nodeHolds(i, cid)))
      expect(holds).toEqual([0, 1, 2].map(i => i === kept || i === 2))
      pinMetadata = (await underPin(cid))?.metadata ?? {}
      expect(owners()).toEqual([kept, 2].sort().map(i => `composite-owner.${shared.nodeIds[i]!}`))
      for (const kubo of shared.undercluster.kubos) expect(await kuboPinned(kubo, cid)).toBe(true)
    } finally {
      sampling = false
      await sampler
    }
    expect(gaps).toEqual([])
  }, 240_000)
})
