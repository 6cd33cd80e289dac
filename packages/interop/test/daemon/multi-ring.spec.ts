/**
 * The seed's multi-ring topology with real daemons only: an overcluster of 2 ipfs-cluster peers,
 * each attached to a composite node (cluster connector) in front of its own undercluster of
 * 2 ipfs-cluster peers, every one of those with its own Kubo. Real clients drive it:
 * ipfs-cluster-ctl and the overcluster's REST API at the top, the Kubos' own pin/ls at the bottom.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectKubos, printLogsOnFailure, startKubo, waitFor } from '@composite-ipfs/testbed'
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { request } from 'undici'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startMultiRing } from '../../src/index.ts'
import type { MultiRing } from '../../src/index.ts'
import type { GlobalPinInfo, KuboDaemon } from '@composite-ipfs/testbed'

const MiB = 1024 * 1024

/** The pin type a bottom Kubo reports, or `undefined` when it does not hold the pin */
async function pinType (kubo: KuboDaemon, cid: string): Promise<string | undefined> {
  return await kubo.rpc<{ Keys: Record<string, { Type: string }> }>('pin/ls', { arg: cid }).then(
    res => Object.values(res.Keys)[0]?.Type,
    (err: Error) => { if (/not pinned/.test(err.message)) return undefined; throw err })
}

const statuses = (info: GlobalPinInfo): string[] => Object.values(info.peer_map).map(p => p.status)

describe('multi-ring: overcluster -> composite nodes -> underclusters -> Kubos', () => {
  let ring: MultiRing
  let dir: string
  const daemons = (): Array<{ logs: () => string, name: string }> => ring == null
    ? []
    : [...ring.overcluster.peers, ...ring.underclusters.flatMap(uc => [...uc.peers, ...uc.kubos])]
  beforeEach(printLogsOnFailure(daemons))

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'multi-ring-'))
    ring = await startMultiRing({
      overcluster: { replicationMin: -1, replicationMax: -1, pinTimeout: '3s' },
      connector: { pinWait: { pollInterval: 200, progressInterval: 1_000, timeout: 25_000 } }
    })
  })
  afterAll(async () => {
    await ring?.stop()
    if (dir != null) await rm(dir, { recursive: true, force: true })
  })

  it('overcluster peers become ready and see each undercluster\'s aggregated free space', async () => {
    await ring.overcluster.waitForMetrics('freespace', { timeoutMs: 60_000 })
    const shown = (await ring.overcluster.ctl(['health', 'metrics', 'freespace'])).json<Array<{ peer: string, value: string, valid: boolean }>>().flat()
    expect(shown).toHaveLength(2)
    for (const [i, uc] of ring.underclusters.entries()) {
      let free = 0n
      for (const kubo of uc.kubos) {
        const stat = await kubo.rpc<{ RepoSize: number, StorageMax: number }>('repo/stat', { 'size-only': 'true' })
        free += BigInt(stat.StorageMax) - BigInt(stat.RepoSize)
      }
      const metric = shown.find(m => m.peer === ring.overcluster.peers[i].id)
      expect(metric?.valid).toBe(true)
      // each composite node reports the sum of its undercluster's free space (repo sizes drift a little)
      const reported = BigInt(metric?.value ?? '0')
      expect(reported > free - BigInt(MiB) && reported < free + BigInt(MiB)).toBe(true)
      expect(reported).toBeGreaterThan(10_000_000_000n)
    }
  })

  it('ipfs-cluster-ctl add of 20 MiB with replication 2 lands on every level, and reads back identical', async () => {
    const data = randomBytes(20 * MiB)
    const file = join(dir, 'twenty.bin')
    await writeFile(file, data)
    // allocation needs a fresh free-space metric from both peers; under load one can lapse for a
    // moment. ipfs-cluster's REST /add then answers 200 with an empty body and the reason in its
    // X-Stream-Error trailer, which ctl prints: keep it, so a timeout says why
    await ring.overcluster.waitForMetrics('freespace')
    const cid = await waitFor(async () => {
      const added = await ring.overcluster.ctl(['add', '--rmin', '2', '--rmax', '2', '--name', 'twenty', file])
      const cid = added.json<{ cid?: string }>().at(-1)?.cid
      if (cid === undefined) throw new Error(`ipfs-cluster-ctl add exited ${String(added.code)}: ${added.stderr.trim()}`)
      return cid
    }, { timeoutMs: 30_000, intervalMs: 1_000, message: 'ipfs-cluster-ctl add to allocate on both peers' })
    expect(cid).toMatch(/^Qm|^bafy/)
    const info = await ring.overcluster.waitForStatus(cid, 'pinned', { timeoutMs: 120_000 })
    expect(statuses(info)).toEqual(['pinned', 'pinned'])
    const sha = createHash('sha256').update(data).digest('hex')
    for (const [i, uc] of ring.underclusters.entries()) {
      // the undercluster's replication-min is -1: every peer's Kubo holds the pin
      for (const kubo of uc.kubos) expect(await pinType(kubo, cid)).toBe('recursive')
      const res = await request(`${ring.nodes[i].url}/api/v0/cat?arg=${cid}`, { method: 'POST' })
      const hash = createHash('sha256')
      for await (const chunk of res.body) hash.update(chunk)
      expect(hash.digest('hex')).toBe(sha)
    }
  })

  it('a pin of an existing CID and its unpin, through the overcluster, reach the bottom daemons', async () => {
    const [kubo] = ring.underclusters[0].kubos
    await writeFile(join(dir, 'existing.txt'), `existing ${randomBytes(8).toString('hex')}`)
    const existing = (await kubo.cli(['add', '-Q', '--pin=false', join(dir, 'existing.txt')])).stdout.trim()
    await ring.overcluster.ctl(['pin', 'add', existing])
    await ring.overcluster.waitForStatus(existing, 'pinned', { timeoutMs: 60_000 })
    for (const k of ring.underclusters.flatMap(uc => uc.kubos)) expect(await pinType(k, existing)).toBe('recursive')
    await ring.overcluster.ctl(['pin', 'rm', existing])
    await waitFor(async () => {
      const held = await Promise.all(ring.underclusters.flatMap(uc => uc.kubos).map(async k => await pinType(k, existing)))
      return held.every(t => t === undefined)
    }, { timeoutMs: 60_000, message: 'the unpin to reach every bottom Kubo' })
  })

  it('unpinning a CID an undercluster does not hold leaves the overcluster clean (no unpin_error)', async () => {
    await writeFile(join(dir, 'drift.txt'), `drift ${randomBytes(8).toString('hex')}`)
    const cid = (await ring.underclusters[0].kubos[0].cli(['add', '-Q', '--pin=false', join(dir, 'drift.txt')])).stdout.trim()
    await ring.overcluster.ctl(['pin', 'add', cid])
    await ring.overcluster.waitForStatus(cid, 'pinned', { timeoutMs: 60_000 })
    // undercluster 2's operator drops the pin behind the overcluster's back
    await ring.underclusters[1].peers[0].rest(`/pins/${cid}`, { method: 'DELETE' })
    await waitFor(async () => (await pinType(ring.underclusters[1].kubos[0], cid)) === undefined, { timeoutMs: 30_000 })
    await ring.overcluster.ctl(['pin', 'rm', cid])
    const info = await waitFor(async () => {
      const now = await ring.overcluster.peers[0].rest<GlobalPinInfo>(`/pins/${cid}`)
      return statuses(now).every(s => s === 'unpinned') ? now : undefined
    }, { timeoutMs: 30_000, message: 'the overcluster to forget the pin' })
    expect(statuses(info)).not.toContain('unpin_error')
  })

  it('a direct pin through the overcluster is still direct at the bottom', async () => {
    const [kubo] = ring.underclusters[0].kubos
    await writeFile(join(dir, 'child.txt'), `child ${randomBytes(8).toString('hex')}`)
    const root = (await kubo.cli(['add', '-Q', '-w', '--pin=false', join(dir, 'child.txt')])).stdout.trim()
    // the overcluster's path route keeps the mode (its CID route turns direct pins recursive, upstream)
    await ring.overcluster.peers[0].rest(`/pins/ipfs/${root}?mode=direct`, { method: 'POST' })
    await ring.overcluster.waitForStatus(root, 'pinned', { timeoutMs: 60_000 })
    for (const k of ring.underclusters.flatMap(uc => uc.kubos)) expect(await pinType(k, root)).toBe('direct')
  })

  it('a pin slower than the overcluster\'s pin_timeout still ends pinned, because progress kept flowing', async () => {
    const outsider = await startKubo({ name: 'outsider' })
    try {
      const content = join(dir, 'slow.txt')
      await writeFile(content, `slow ${randomBytes(16).toString('hex')}`)
      const cid = (await outsider.cli(['add', '-Q', content])).stdout.trim()
      const started = Date.now()
      await ring.overcluster.peers[0].rest(`/pins/${cid}`, { method: 'POST' })
      // nobody in the ring can fetch it for 8 s, well past pin_timeout (3 s, so 3-6 s with the ticker)
      await new Promise(resolve => setTimeout(resolve, 8_000))
      const meanwhile = await ring.overcluster.peers[0].rest<GlobalPinInfo>(`/pins/${cid}`)
      expect(statuses(meanwhile)).not.toContain('pin_error')
      await connectKubos([outsider, ...ring.underclusters.flatMap(uc => uc.kubos)])
      await ring.overcluster.waitForStatus(cid, 'pinned', { timeoutMs: 60_000 })
      expect(Date.now() - started).toBeGreaterThan(8_000)
    } finally {
      await outsider.stop()
    }
  })

  it('content no undercluster can fetch ends as pin_error at the overcluster, never pinned', async () => {
    await writeFile(join(dir, 'missing.txt'), `missing ${randomBytes(16).toString('hex')}`)
    const cid = (await ring.underclusters[0].kubos[0].cli(['add', '-Q', '--only-hash', join(dir, 'missing.txt')])).stdout.trim()
    await ring.overcluster.peers[0].rest(`/pins/${cid}`, { method: 'POST' })
    const seen = new Set<string>()
    const info = await waitFor(async () => {
      const now = await ring.overcluster.peers[0].rest<GlobalPinInfo>(`/pins/${cid}`)
      statuses(now).forEach(s => seen.add(s))
      return statuses(now).every(s => s === 'pin_error') ? now : undefined
    }, { timeoutMs: 90_000, intervalMs: 500, message: 'pin_error on both overcluster peers' })
    expect(seen).not.toContain('pinned')
    expect(Object.values(info.peer_map).map(p => p.error)).toEqual(['unexpected EOF', 'unexpected EOF'])
  })

  it('with two REST endpoints for an undercluster, stopping one during 200 pins loses none', async () => {
    const cids = Array.from({ length: 200 }, (_, i) => CID.createV1(0x55, identity.digest(new TextEncoder().encode(`failover-${i}-${Date.now()}`))).toString())
    let next = 0
    let stopped: Promise<void> | undefined
    const submit = async (): Promise<void> => {
      while (next < cids.length) {
        const i = next++
        // undercluster 1 loses the REST endpoint its composite node tries first, mid-run
        if (i === 60) stopped = ring.underclusters[0].peers[0].stop()
        await ring.overcluster.peers[i % 2].rest(`/pins/${cids[i]}`, { method: 'POST' })
      }
    }
    await Promise.all(Array.from({ length: 4 }, submit))
    await stopped
    const bottom = [ring.underclusters[0].kubos[1], ...ring.underclusters[1].kubos]
    const missingAtBottom = async (): Promise<string[]> => {
      const held = await Promise.all(bottom.map(async kubo => new Set((await kubo.rpcLines<{ Cid: string }>('pin/ls', { type: 'recursive', stream: 'true' })).map(p => p.Cid))))
      return cids.filter(cid => !held.every(set => set.has(cid)))
    }
    await waitFor(async () => (await missingAtBottom()).length === 0, { timeoutMs: 180_000, intervalMs: 2_000, message: 'all 200 pins at the bottom Kubos' }).catch(async (err: Error) => {
      const missing = await missingAtBottom()
      const report = await Promise.all(missing.slice(0, 5).map(async cid => JSON.stringify({
        cid,
        over: (await ring.overcluster.peers[1].rest<GlobalPinInfo>(`/pins/${cid}`)).peer_map,
        under: await Promise.all(ring.underclusters.map(async uc => (await uc.peers[1].rest<GlobalPinInfo>(`/pins/${cid}`)).peer_map))
      })))
      throw new Error(`${err.message}: ${missing.length} missing, e.g.\n${report.join('\n')}`)
    })
    // the overcluster's own view: streamed status queries, 40 CIDs at a time (its URLs are short)
    const top: GlobalPinInfo[] = []
    for (let i = 0; i < cids.length; i += 40) {
      const res = await request(`${ring.overcluster.restUrls[1]}/pins?cids=${cids.slice(i, i + 40).join(',')}`)
      const body = await res.body.text()
      if (res.statusCode !== 200) throw new Error(`GET /pins?cids= answered ${res.statusCode}: ${body.slice(0, 300)}`)
      top.push(...body.split('\n').filter(line => line !== '').map(line => JSON.parse(line) as GlobalPinInfo))
    }
    expect(top).toHaveLength(200)
    expect(top.filter(info => !statuses(info).every(s => s === 'pinned')).map(info => info.cid)).toEqual([])
  }, 300_000)
})
