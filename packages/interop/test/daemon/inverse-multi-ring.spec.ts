/**
 * The seed's inverse multi-ring ("data partitioning") with real daemons only: overclusters A
 * (2 peers) and B (1 peer), each with its own pinset, attached to 3 composite nodes in front
 * of ONE shared undercluster (2 ipfs-cluster peers, each with its own Kubo). No one's action
 * may remove what another still holds.
 */
import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { REGISTRY_CID } from '@composite-ipfs/connector-cluster'
import { printLogsOnFailure, startOvercluster, waitFor } from '@composite-ipfs/testbed'
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { request } from 'undici'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startCli } from '../../src/cli-process.ts'
import { startSharedUndercluster } from '../../src/shared-undercluster.ts'
import { allocationOf, kuboPinned } from '../fixtures/shared-pins.ts'
import { freePort } from '../fixtures/tcp-sockets.ts'
import type { Allocation } from '../fixtures/shared-pins.ts'
import type { CliProcess } from '../../src/cli-process.ts'
import type { SharedUndercluster } from '../../src/shared-undercluster.ts'
import type { GlobalPinInfo, Overcluster } from '@composite-ipfs/testbed'

/**
 * The release grace of every node: short, so the test sees expiry happen, but longer than the
 * overclusters' `pin_recover_interval`, as the defaults are (1 h against 12 min): a claim lost to
 * a concurrent write is re-claimed by its overcluster's recover before the pin could expire
 */
const GRACE_MS = 12_000
/**
 * Every cluster of the test (the overclusters too) rebroadcasts its CRDT heads every 2 s (upstream:
 * 1 min), so a peer that missed a delta among hundreds of quick ones catches up while the test waits
 */
const CRDT = { consensus: { crdt: { rebroadcast_interval: '2s' } } }
const RECOVER = { cluster: { pin_recover_interval: '4s' }, ...CRDT }


const statuses = (info: GlobalPinInfo): string[] => Object.values(info.peer_map).map(p => p.status)

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
  const underPin = async (cid: string): Promise<Allocation | undefined> => await allocationOf(shared.undercluster.restUrls[0]!, cid)

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'inverse-multi-ring-'))
    shared = await startSharedUndercluster({
      nodes: 3,
      // expired pins are removed at the undercluster's state sync
      undercluster: { peers: 2, replicationMin: -1, replicationMax: -1, serviceConfig: { cluster: { state_sync_interval: '2s' }, ...CRDT } },
      connector: () => ({ releaseGrace: GRACE_MS, registryInterval: 1_000, pinWait: { pollInterval: 200, progressInterval: 1_000, timeout: 60_000 } })
    })
    ;[a, b] = await Promise.all([
      startOvercluster({ attach: [shared.nodes[0]!.multiaddr, shared.nodes[1]!.multiaddr], replicationMin: -1, replicationMax: -1, serviceConfig: RECOVER }),
      startOvercluster({ attach: [shared.nodes[2]!.multiaddr], replicationMin: -1, replicationMax: -1, serviceConfig: RECOVER })
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

  /** The undercluster's whole pinset (`GET /allocations`), the registry of composite nodes aside */
  const underPinset = async (): Promise<Set<string>> => {
    const res = await request(`${shared.undercluster.restUrls[1]}/allocations?filter=pin`)
    const text = await res.body.text()
    if (res.statusCode !== 200) throw new Error(`GET /allocations: ${res.statusCode} ${text}`)
    const cids = text.split('\n').filter(line => line.trim() !== '').map(line => (JSON.parse(line) as { cid: string }).cid)
    return new Set(cids.filter(cid => cid !== REGISTRY_CID))
  }

  it('the freespace metrics of both overclusters add up to the undercluster\'s free space, not three times it', async () => {
    const undercluster = async (): Promise<bigint> => {
      let free = 0n
      for (const kubo of shared.undercluster.kubos) {
        const stat = await kubo.rpc<{ RepoSize: number, StorageMax: number }>('repo/stat', { 'size-only': 'true' })
        free += BigInt(stat.StorageMax) - BigInt(stat.RepoSize)
      }
      return free
    }
    const reported = async (): Promise<bigint> => {
      let sum = 0n
      for (const oc of [a, b]) {
        const metrics = await oc.peers[0]!.rest<Array<{ value: string, valid: boolean }> | null>('/monitor/metrics/freespace')
        for (const metric of metrics ?? []) if (metric.valid) sum += BigInt(metric.value)
      }
      return sum
    }
    // every node registers within a second; the metrics follow within one metric TTL
    const MiB = 1024n * 1024n
    const sums = await waitFor(async () => {
      const [real, seen] = [await undercluster(), await reported()]
      return seen > real - MiB && seen < real + MiB ? { real, seen } : undefined
    }, { timeoutMs: 60_000, intervalMs: 500, message: 'the reported free space to add up to the undercluster\'s' })
    expect(sums.real).toBeGreaterThan(10_000_000_000n)
  })

  it('pyramid: a pin made directly on the undercluster, pinned and unpinned through a composite node, is still the undercluster\'s', async () => {
    await writeFile(join(dir, 'pyramid.txt'), `pyramid ${randomBytes(8).toString('hex')}`)
    const cid = (await shared.undercluster.kubos[0]!.cli(['add', '-Q', '--pin=false', join(dir, 'pyramid.txt')])).stdout.trim()
    await shared.undercluster.peers[0]!.rest(`/pins/${cid}?name=ops-own&meta-team=ops`, { method: 'POST' })
    await shared.undercluster.waitForStatus(cid, 'pinned', { timeoutMs: 30_000 })
    // B pins it through its node (the node answers for the undercluster's own pins, so B calls pin/add only when asked to)
    const pinned = await request(`${shared.nodes[2]!.url}/api/v0/pin/add?arg=${cid}`, { method: 'POST' })
    expect(pinned.statusCode, await pinned.body.text()).toBe(200)
    expect(Object.keys((await underPin(cid))?.metadata ?? {})).toContain(`composite-owner.${shared.nodeIds[2]!}`)
    const removed = await request(`${shared.nodes[2]!.url}/api/v0/pin/rm?arg=${cid}`, { method: 'POST' })
    expect(removed.statusCode, await removed.body.text()).toBe(200)
    // the undercluster's own pin is back as it was: its name, its metadata, no expiry, no composite keys
    const pin = await underPin(cid)
    expect(pin).toMatchObject({ name: 'ops-own', metadata: { team: 'ops' } })
    expect(Object.keys(pin?.metadata ?? {}).filter(key => key.startsWith('composite-'))).toEqual([])
    expect(pin?.expire_at ?? '').toMatch(/^(0001-01-01|$)/)
    for (const kubo of shared.undercluster.kubos) expect(await kuboPinned(kubo, cid)).toBe(true)
    // a node cannot remove it: for the node it is not its own pin
    const refused = await request(`${shared.nodes[0]!.url}/api/v0/pin/rm?arg=${cid}`, { method: 'POST' })
    expect(await refused.body.json()).toEqual({ Message: 'not pinned or pinned indirectly', Code: 0, Type: 'error' })
    expect(await underPin(cid)).toMatchObject({ name: 'ops-own' })
  })

  it('50 CIDs pinned and unpinned at random by both overclusters at once: nothing either still wants ever goes missing, and the pinsets settle to the union', async () => {
    const cids = Array.from({ length: 50 }, (_, i) => CID.createV1(0x55, identity.digest(new TextEncoder().encode(`shared-${i}-${randomBytes(6).toString('hex')}`))).toString())
    const sides = [{ name: 'A', oc: a }, { name: 'B', oc: b }].map(side => ({ ...side, wants: new Map<string, boolean>(), ops: new Map<string, number>() }))
    const violations: string[] = []
    let running = true
    // samples: every CID a side's overcluster reports PINNED, and has not touched since, is in the undercluster
    const sampler = (async () => {
      let samples = 0
      while (running || samples < 3) {
        const before = sides.map(side => new Map(side.ops))
        const held = await Promise.all(sides.map(async side => {
          const wanted = cids.filter(cid => side.wants.get(cid) === true)
          const infos: GlobalPinInfo[] = wanted.length === 0 ? [] : await side.oc.peers[0]!.restLines<GlobalPinInfo>(`/pins?cids=${wanted.join(',')}`)
          return infos.filter(info => statuses(info).length > 0 && statuses(info).every(st => st === 'pinned')).map(info => info.cid)
        }))
        const pinset = await underPinset()
        for (const [i, side] of sides.entries()) {
          for (const cid of held[i]!) {
            if (!pinset.has(cid) && side.ops.get(cid) === before[i]!.get(cid)) violations.push(`${side.name} held ${cid} but the undercluster did not`)
          }
        }
        samples++
        await new Promise(resolve => setTimeout(resolve, 200))
      }
      return samples
    })()
    const seed = [...randomBytes(4)].reduce((n, x) => n * 256 + x, 0)
    let state = seed
    const random = (): number => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648 }
    const plan = sides.map(side => cids.flatMap(cid => Array.from({ length: 3 }, () => ({ side, cid, pin: random() < 0.6 }))).sort(() => random() - 0.5))
    try {
      await Promise.all(plan.map(async (ops) => {
        // one side's operations on one CID go out one after the other (so its last one is the one
        // its overcluster applies last); different CIDs, and the two sides, run at once
        const inFlight = new Map<string, Promise<void>>()
        let next = 0
        await Promise.all(Array.from({ length: 6 }, async () => {
          while (next < ops.length) {
            const { side, cid, pin } = ops[next++]!
            const previous = inFlight.get(cid) ?? Promise.resolve()
            const op = previous.then(async () => {
              side.ops.set(cid, (side.ops.get(cid) ?? 0) + 1)
              side.wants.set(cid, pin)
              const res = await request(`${side.oc.restUrls[0]}/pins/${cid}`, { method: pin ? 'POST' : 'DELETE' })
              const body = await res.body.text()
              // unpinning what this overcluster never pinned is its own 404: not a failure here
              if (res.statusCode >= 300 && !(res.statusCode === 404 && !pin)) throw new Error(`${side.name} ${pin ? 'pin' : 'unpin'} ${cid}: ${res.statusCode} ${body}`)
            })
            inFlight.set(cid, op)
            await op
          }
        }))
      }))
      // settle: each overcluster reports what it wants pinned, and nothing else
      for (const side of sides) {
        const unsettled = async (): Promise<GlobalPinInfo[]> => {
          const infos = await side.oc.peers[0]!.restLines<GlobalPinInfo>(`/pins?cids=${cids.join(',')}`)
          return infos.filter(info => !(side.wants.get(info.cid) === true
            ? statuses(info).every(st => st === 'pinned')
            : statuses(info).every(st => st === 'unpinned')))
        }
        await waitFor(async () => (await unsettled()).length === 0, { timeoutMs: 120_000, intervalMs: 500, message: `overcluster ${side.name} to settle` }).catch(async (err: Error) => {
          const left = await unsettled()
          throw new Error(`${err.message} (seed ${seed}): ${left.length} left, e.g. ${JSON.stringify(left.slice(0, 3).map(info => ({ cid: info.cid, wants: side.wants.get(info.cid), peers: info.peer_map })))}`)
        })
      }
    } finally {
      running = false
    }
    expect(await sampler).toBeGreaterThanOrEqual(3)
    expect(violations).toEqual([])
    const union = new Set(cids.filter(cid => sides.some(side => side.wants.get(cid) === true)))
    // after the grace period the released ones are gone, and the rest is exactly the union
    await waitFor(async () => {
      const pinset = await underPinset()
      return cids.every(cid => pinset.has(cid) === union.has(cid))
    }, { timeoutMs: GRACE_MS + 60_000, intervalMs: 500, message: 'the undercluster pinset to equal the union of A\'s and B\'s' }).catch(async (err: Error) => {
      const pinset = await underPinset()
      const off = cids.filter(cid => pinset.has(cid) !== union.has(cid))
      const detail = await Promise.all(off.slice(0, 3).map(async cid => ({ cid, wanted: union.has(cid), pin: await underPin(cid) })))
      throw new Error(`${err.message} (seed ${seed}): ${off.length} differ, e.g. ${JSON.stringify(detail)}`)
    })
    // and the CIDs this node answers for are what its overcluster holds
    const listed = await request(`${shared.nodes[2]!.url}/api/v0/pin/ls?type=recursive&stream=true`, { method: 'POST' })
    const lines = (await listed.body.text()).split('\n').filter(line => line !== '').map(line => (JSON.parse(line) as { Cid: string }).Cid)
    expect(cids.filter(cid => lines.includes(cid)).sort()).toEqual(cids.filter(cid => sides[1]!.wants.get(cid) === true).sort())
  }, 300_000)

  /** Runs the `composite-ipfs` command to its end; resolves its stdout */
  const composite = async (args: string[]): Promise<string> => {
    const bin = fileURLToPath(new URL('../../../cli/src/bin.ts', import.meta.url))
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', bin, ...args], { timeout: 30_000 })
    return stdout
  }

  describe('with --overcluster: a composite node that knows the overcluster above it', () => {
    let cli: CliProcess
    let c: Overcluster
    beforeAll(async () => {
      const port = await freePort()
      cli = await startCli(['serve', '--listen', '/ip4/127.0.0.1/tcp/0', '--node-id', 'named-node', '--tenant', 'acme',
        '--pin-metadata', 'contract=42', '--overcluster', `http://127.0.0.1:${port}`, '--overcluster-replication', 'overcluster',
        ...shared.undercluster.restUrls.flatMap(url => ['--cluster', url]),
        ...shared.undercluster.kubos.flatMap(kubo => ['--cluster-ipfs', kubo.apiUrl])])
      const { port: nodePort } = new URL(cli.url)
      c = await startOvercluster({
        attach: [`/ip4/127.0.0.1/tcp/${nodePort}`],
        replicationMin: -1,
        replicationMax: -1,
        serviceConfig: { api: { restapi: { http_listen_multiaddress: `/ip4/127.0.0.1/tcp/${port}` } } }
      })
    })
    afterAll(async () => {
      await c?.stop()
      await cli?.stop()
    })

    it('the undercluster\'s ipfs-cluster-ctl pin ls shows the overcluster pin\'s name and metadata, with the tenant', async () => {
      await writeFile(join(dir, 'named.txt'), `named ${randomBytes(8).toString('hex')}`)
      const cid = (await shared.undercluster.kubos[0]!.cli(['add', '-Q', '--pin=false', join(dir, 'named.txt')])).stdout.trim()
      const added = await c.ctl(['pin', 'add', '--name', 'quarterly-report', '--metadata', 'dept=finance', cid])
      expect(added.code, added.stderr).toBe(0)
      await c.waitForStatus(cid, 'pinned', { timeoutMs: 60_000 })
      const listed = await shared.undercluster.ctl(['pin', 'ls', cid])
      const [pin] = listed.json<{ name: string, metadata: Record<string, string> }>()
      expect(pin?.name).toBe('acme:quarterly-report')
      expect(pin?.metadata).toMatchObject({ dept: 'finance', contract: '42' })
      expect(JSON.parse(pin!.metadata['composite-owner.named-node']!)).toMatchObject({ t: 'acme', n: 'acme:quarterly-report', m: { dept: 'finance', contract: '42' } })
      // the status line operators read names the tenant too
      const status = await shared.undercluster.ctl(['status', cid])
      expect(status.json<{ name: string }>()[0]?.name).toBe('acme:quarterly-report')

      // a tenant lists its pins at the undercluster
      const byTenant = await composite(['pins', ...shared.undercluster.restUrls.flatMap(url => ['--cluster', url]), '--tenant', 'acme'])
      expect(byTenant.trim().split('\n')).toEqual([`${cid} | acme:quarterly-report | named-node (acme)`])
      const json = (await composite(['pins', '--cluster', shared.undercluster.restUrls[1]!, '--node-id', 'named-node', '--json'])).trim().split('\n').map(line => JSON.parse(line) as unknown)
      expect(json).toEqual([{ cid, name: 'acme:quarterly-report', owners: [{ node: 'named-node', tenant: 'acme', name: 'acme:quarterly-report' }] }])
    })

    it('the overcluster pin\'s mode, expiry (in the claim) and, by the overcluster policy, replication reach the undercluster', async () => {
      await writeFile(join(dir, 'expiring.txt'), `expiring ${randomBytes(8).toString('hex')}`)
      const cid = (await shared.undercluster.kubos[0]!.cli(['add', '-Q', '--pin=false', join(dir, 'expiring.txt')])).stdout.trim()
      const added = await c.ctl(['pin', 'add', '--mode', 'direct', '--expire-in', '2h', '--rmin', '1', '--rmax', '1', cid])
      expect(added.code, added.stderr).toBe(0)
      await c.waitForStatus(cid, 'pinned', { timeoutMs: 60_000 })
      const [over] = (await c.ctl(['pin', 'ls', cid])).json<{ expire_at: string }>()
      const pin = await underPin(cid) as Allocation & { max_depth: number, replication_factor_min: number, replication_factor_max: number }
      expect(pin.max_depth).toBe(0)
      expect([pin.replication_factor_min, pin.replication_factor_max]).toEqual([1, 1])
      expect(JSON.parse(pin.metadata!['composite-owner.named-node']!)).toMatchObject({ d: 1, e: over!.expire_at, min: 1, max: 1 })
      // recorded, not acted on below: the overcluster unpins at its expiry itself, and may re-pin
      // without one meanwhile without asking this node again (it sees the CID pinned)
      expect(pin.expire_at ?? '').toMatch(/^0001-01-01/)
    })
  })
})
