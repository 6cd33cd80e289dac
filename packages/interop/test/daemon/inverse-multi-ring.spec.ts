/**
 * The seed's inverse multi-ring ("data partitioning") with real daemons only: overclusters A
 * (2 peers) and B (1 peer), each with its own pinset, attached to 3 composite nodes in front
 * of ONE shared undercluster (2 ipfs-cluster peers, each with its own Kubo). No one's action
 * may remove what another still holds.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { printLogsOnFailure, startOvercluster, waitFor } from '@composite-ipfs/testbed'
import { request } from 'undici'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSharedUndercluster } from '../../src/shared-undercluster.ts'
import type { SharedUndercluster } from '../../src/shared-undercluster.ts'
import type { GlobalPinInfo, KuboDaemon, Overcluster } from '@composite-ipfs/testbed'

/** The release grace of every node: short, so the test sees expiry happen */
const GRACE_MS = 6_000

interface Allocation { cid: string, name: string, metadata: Record<string, string> | null, expire_at?: string }

const statuses = (info: GlobalPinInfo): string[] => Object.values(info.peer_map).map(p => p.status)

async function kuboPinned (kubo: KuboDaemon, cid: string): Promise<boolean> {
  return await kubo.rpc('pin/ls', { arg: cid }).then(() => true, (err: Error) => {
    if (/not pinned/.test(err.message)) return false
    throw err
  })
}

describe('inverse multi-ring: overclusters A and B share one undercluster', () => {
  let shared: SharedUndercluster
  let a: Overcluster
  let b: Overcluster
  let dir: string
  const daemons = (): Array<{ logs: () => string, name: string }> => [
    ...(a?.peers ?? []), ...(b?.peers ?? []), ...(shared?.undercluster.peers ?? []), ...(shared?.undercluster.kubos ?? [])
  ]
  beforeEach(printLogsOnFailure(daemons))

  /** The undercluster's pin of `cid` (`GET /allocations/<cid>`), or `undefined` when it holds none */
  const underPin = async (cid: string): Promise<Allocation | undefined> => {
    const res = await request(`${shared.undercluster.restUrls[0]}/allocations/${cid}`)
    const body = await res.body.text()
    if (res.statusCode === 404) return undefined
    if (res.statusCode !== 200) throw new Error(`GET /allocations/${cid}: ${res.statusCode} ${body}`)
    return JSON.parse(body) as Allocation
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'inverse-multi-ring-'))
    shared = await startSharedUndercluster({
      nodes: 3,
      // expired pins are removed at the undercluster's state sync
      undercluster: { peers: 2, replicationMin: -1, replicationMax: -1, serviceConfig: { cluster: { state_sync_interval: '2s' } } },
      connector: () => ({ releaseGrace: GRACE_MS, pinWait: { pollInterval: 200, progressInterval: 1_000, timeout: 60_000 } })
    })
    ;[a, b] = await Promise.all([
      startOvercluster({ attach: [shared.nodes[0]!.multiaddr, shared.nodes[1]!.multiaddr], replicationMin: -1, replicationMax: -1 }),
      startOvercluster({ attach: [shared.nodes[2]!.multiaddr], replicationMin: -1, replicationMax: -1 })
    ])
  })
  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()])
    await shared?.stop()
    if (dir != null) await rm(dir, { recursive: true, force: true })
  })

  it('A adds, B pins the same CID, A unpins and collects garbage: B keeps its data; once B unpins, the pin expires', async () => {
    const data = randomBytes(256 * 1024)
    const file = join(dir, 'shared.bin')
    await writeFile(file, data)
    await a.waitForMetrics('freespace', { timeoutMs: 60_000 })
    const added = await a.ctl(['add', '--name', 'from-a', file])
    const cid = added.json<{ cid?: string }>().at(-1)?.cid
    expect(cid, added.stderr).toMatch(/^Qm|^bafy/)
    await a.waitForStatus(cid!, 'pinned', { timeoutMs: 60_000 })
    await b.ctl(['pin', 'add', cid!])
    await b.waitForStatus(cid!, 'pinned', { timeoutMs: 60_000 })

    await a.ctl(['pin', 'rm', cid!])
    // A's peers unpinned through their nodes: its overcluster forgot the CID
    await waitFor(async () => {
      const info = await a.peers[0]!.rest<GlobalPinInfo>(`/pins/${cid!}`)
      return statuses(info).every(s => s === 'unpinned')
    }, { timeoutMs: 60_000, message: 'overcluster A to forget the pin' })
    // and both of A's nodes withdrew their claims from the undercluster's pin
    await waitFor(async () => {
      const pin = await underPin(cid!)
      return pin === undefined || !Object.keys(pin.metadata ?? {}).some(key => key.includes(shared.nodeIds[0]!) || key.includes(shared.nodeIds[1]!))
    }, { timeoutMs: 30_000, message: 'A\'s claims to leave the undercluster pin' })
    const gc = await request(`${shared.nodes[0]!.url}/api/v0/repo/gc`, { method: 'POST' })
    await gc.body.text()
    expect(gc.statusCode).toBe(200)

    // the undercluster still holds B's pin, on every Kubo, and B's overcluster still says PINNED
    expect(await underPin(cid!)).toBeDefined()
    for (const kubo of shared.undercluster.kubos) expect(await kuboPinned(kubo, cid!)).toBe(true)
    await b.ctl(['recover', cid!])
    const info = await b.waitForStatus(cid!, 'pinned', { timeoutMs: 30_000 })
    expect(statuses(info)).toEqual(['pinned'])
    const cat = await request(`${shared.nodes[2]!.url}/api/v0/cat?arg=${cid!}`, { method: 'POST' })
    const hash = createHash('sha256')
    for await (const chunk of cat.body) hash.update(chunk)
    expect(hash.digest('hex')).toBe(createHash('sha256').update(data).digest('hex'))

    // B unpins too: after the grace period the pin is gone from the undercluster and its Kubos
    await b.ctl(['pin', 'rm', cid!])
    await waitFor(async () => (await underPin(cid!)) === undefined, { timeoutMs: GRACE_MS + 60_000, message: 'the released pin to expire' })
    await waitFor(async () => {
      const held = await Promise.all(shared.undercluster.kubos.map(async kubo => await kuboPinned(kubo, cid!)))
      return held.every(pinned => !pinned)
    }, { timeoutMs: 30_000, message: 'the Kubos to unpin the expired pin' })
  }, 240_000)
})
