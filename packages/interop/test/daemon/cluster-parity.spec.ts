/**
 * A cluster-backed composite node that Kubo clients cannot tell from Kubo. kubo-rpc-client
 * makes the same call against a real Kubo (K) and against a composite node in front of a real
 * 1-peer ipfs-cluster driving that same Kubo (C), and must get the same result.
 *
 * K and C share one Kubo, so what C pins is pinned on K too. Calls made directly on K never
 * pin (`pin: false`), so that K's pinset stays the cluster's: listings compare whole.
 */
import { randomBytes } from 'node:crypto'
import { multiaddr } from '@multiformats/multiaddr'
import { startUndercluster, waitFor } from '@composite-ipfs/testbed'
import all from 'it-all'
import { CID, create } from 'kubo-rpc-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalise, startClusterNode } from '../../src/index.ts'
import type { RingNode } from '../../src/index.ts'
import type { Undercluster } from '@composite-ipfs/testbed'
import type { KuboRPCClient } from 'kubo-rpc-client'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const message = async (p: Promise<unknown> | AsyncIterable<unknown>): Promise<string> => {
  try {
    await (Symbol.asyncIterator in p ? all(p) : p)
    return 'ok'
  } catch (err) {
    return (err as Error).message
  }
}
/**
 * Pins on the Kubo that are nobody's through the cluster: the identity CID every composite node
 * in front of an undercluster pins to find the others, and the empty directory `ipfs init` pins
 */
const EMPTY_DIR = 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn'
const notClusters = (cid: string): boolean => CID.parse(cid).multihash.code === 0 || cid === EMPTY_DIR
const byCid = (pins: Array<{ cid: unknown, type: string }>): Array<{ cid: string, type: string }> =>
  pins.map(p => ({ cid: String(p.cid), type: p.type })).filter(p => !notClusters(p.cid)).sort((a, b) => a.cid.localeCompare(b.cid))
/** Blockstore keys (repo/gc answers them as raw CIDv1) compare by multihash */
const multihashOf = (cid: string): string => CID.parse(cid).multihash.bytes.join()

/** The protocols libp2p accepts first in a peer address (kubo-rpc-client's `routing.findPeer`) */
const DIALLABLE = new Set(['ip4', 'ip6', 'dns', 'dns4', 'dns6', 'dnsaddr'])

describe('cluster-backed node: the same answers as Kubo for kubo-rpc-client', () => {
  let uc: Undercluster
  let node: RingNode
  let direct: KuboRPCClient
  let composite: KuboRPCClient
  const both = async <T>(fn: (client: KuboRPCClient) => Promise<T> | AsyncIterable<T>): Promise<[unknown, unknown]> =>
    [await normalise(await fn(direct)), await normalise(await fn(composite))]

  beforeAll(async () => {
    // a 1-byte sharding threshold: every directory Kubo builds is a HAMT shard
    uc = await startUndercluster({ peers: 1, kubo: { config: { Internal: { UnixFSShardingSizeThreshold: '1B' } } } })
    node = await startClusterNode(uc, { releaseGrace: 1_000 })
    direct = create({ url: uc.kubos[0].apiUrl })
    composite = create({ url: node.url })
  })
  afterAll(async () => {
    await node?.stop()
    await uc?.stop()
  })

  it('cause 1: add with pin=false builds the DAG Kubo builds (a sharded directory)', async () => {
    const tree = (): Array<{ path: string, content: Uint8Array }> =>
      ['a', 'b', 'c'].map(n => ({ path: `shard-dir/${n}.txt`, content: text(`file ${n}`) }))
    const [a, b] = await both(async c => await all(c.addAll(tree(), { pin: false })))
    expect(b).toEqual(a)
    const root = (a as Array<{ cid: string, path: string }>).find(e => e.path === 'shard-dir')?.cid
    // a HAMT shard (UnixFS type 5), as Kubo's threshold asks
    const stat = await direct.files.stat(`/ipfs/${root ?? ''}`)
    expect(stat.type).toBe('directory')
    const dag = await direct.dag.get(CID.parse(root ?? ''))
    expect((dag.value as { Data: Uint8Array }).Data[1]).toBe(5)
  })

  it('cause 1: an add with an option only Kubo honours (mode) gives Kubo\'s CID, and is pinned in the cluster', async () => {
    const entry = (): { path: string, content: Uint8Array } => ({ path: 'mode.txt', content: text(`with a mode ${Math.random()}`) })
    const content = entry()
    // kubo-rpc-client sends options it does not know as they are: `mode=0640`
    const mode = { mode: 0o640 } as object
    const a = await direct.add(content, { pin: false, ...mode })
    const b = await composite.add(content, mode)
    expect(String(b.cid)).toBe(String(a.cid))
    expect(b.mode).toBe(a.mode)
    expect(await normalise(await all(composite.pin.ls({ paths: [b.cid] })))).toEqual([{ cid: String(b.cid), type: 'recursive' }])
    const pin = await uc.peers[0].rest(`/allocations/${String(b.cid)}`) as { cid: string }
    expect(pin.cid).toBe(String(b.cid))
    await composite.pin.rm(b.cid)
  })

  it('cause 2: progress names are the full path of the file being read', async () => {
    const data = randomBytes(300_000)
    const progress: Array<Array<[number, string | undefined]>> = [[], []]
    const onProgress = (i: number) => (bytes: number, path?: string): void => { progress[i].push([bytes, path]) }
    const a = await all(direct.addAll([{ path: 'test-folder/pp.txt', content: data }], { pin: false, progress: onProgress(0) }))
    // pin=true: the cluster's /add builds this one
    const b = await all(composite.addAll([{ path: 'test-folder/pp.txt', content: data }], { progress: onProgress(1) }))
    // the file is the same; the directory is not, as documented: the cluster does not shard it
    expect(await normalise(b[0])).toEqual(await normalise(a[0]))
    expect(progress[1]).toEqual(progress[0])
    expect(progress[0].at(-1)?.[1]).toBe('test-folder/pp.txt')
  })

  describe('cause 3: indirect pins', () => {
    let parent: string
    let child: string
    beforeAll(async () => {
      const added = await all(composite.addAll([
        { path: 'indirect/x.txt', content: text(`indirect x ${Math.random()}`) },
        { path: 'indirect/y.txt', content: text('indirect y') }
      ]))
      parent = String(added.find(e => e.path === 'indirect')?.cid)
      child = String(added.find(e => e.path === 'indirect/x.txt')?.cid)
    })

    it('are listed by arg, by type=indirect and by type=all', async () => {
      for (const type of ['all', 'indirect'] as const) {
        const [a, b] = await both(c => c.pin.ls({ paths: [child], type }))
        expect(b).toEqual(a)
        expect(a).toEqual([{ cid: child, type: `indirect through ${parent}` }])
      }
      for (const type of ['all', 'indirect'] as const) {
        const [a, b] = await Promise.all([direct, composite].map(async c => byCid(await all(c.pin.ls({ type })))))
        expect(b).toEqual(a)
        expect(a).toContainEqual({ cid: child, type: 'indirect' })
      }
    })

    it('refuse removal with Kubo\'s error', async () => {
      const [a, b] = await Promise.all([direct, composite].map(async c => await message(c.pin.rm(child))))
      expect(b).toBe(a)
      expect(a).toMatch(/not pinned or pinned indirectly/)
    })

    it('are collected by repo/gc once their parent is unpinned', async () => {
      await composite.pin.rm(parent)
      await waitFor(async () => (await message(direct.pin.ls({ paths: [parent] }))) !== 'ok', { timeoutMs: 30_000, message: `${parent} unpinned on the Kubo` })
      const [a, b] = await Promise.all([direct, composite].map(async c => await message(c.pin.ls({ paths: [child], type: 'indirect' }))))
      expect(b).toBe(a)
      expect(a).toBe(`path '${child}' is not pinned`)
      const removed = (await all(composite.repo.gc())).map(r => multihashOf(String(r.cid)))
      expect(removed).toContain(multihashOf(child))
      expect(await message(direct.block.stat(CID.parse(child), { offline: true } as object))).not.toBe('ok')
    })
  })

  it('cause 4: pin/update from a direct pin is refused with Kubo\'s text', async () => {
    const { cid: from } = await direct.add(text(`direct from ${Math.random()}`), { pin: false })
    const { cid: to } = await direct.add(text(`update to ${Math.random()}`), { pin: false })
    await composite.pin.add(from, { recursive: false })
    const [a, b] = await Promise.all([direct, composite].map(async c => await message(c.pin.update(from, to))))
    expect(b).toBe(a)
    expect(a).toBe("'from' cid was not recursively pinned already")
    await composite.pin.rm(from, { recursive: false })
  })

  it('cause 5: dag/import pins its roots in the cluster', async () => {
    const added = await all(direct.addAll([{ path: 'car/f.txt', content: text(`car ${Math.random()}`) }], { pin: false }))
    const root = added.find(e => e.path === 'car')?.cid as CID
    const car = Buffer.concat(await all(direct.dag.export(root)))
    const [a, b] = await both(async c => await all(c.dag.import([car], { pinRoots: true })))
    expect(b).toEqual(a)
    expect(a).toEqual([{ root: { cid: String(root), pinErrorMsg: '' } }])
    expect(await normalise(await all(composite.pin.ls({ paths: [root] })))).toEqual([{ cid: String(root), type: 'recursive' }])
    // the cluster holds the pin, so its own pin/rm removes it from the Kubo
    const pin = await uc.peers[0].rest(`/allocations/${String(root)}`) as { cid: string }
    expect(pin.cid).toBe(String(root))
  })

  describe('no pin behind the cluster\'s back', () => {
    /** The Kubo's own pins that the cluster does not hold: there must be none */
    const outsidePins = async (): Promise<string[]> => {
      const onKubo = byCid(await all(direct.pin.ls({ type: 'recursive' }))).concat(byCid(await all(direct.pin.ls({ type: 'direct' }))))
      const inCluster = new Set<string>()
      const lines = await (await fetch(`${uc.restUrls[0]}/allocations?filter=pin`)).text()
      for (const line of lines.split('\n')) {
        if (line.trim() !== '') inCluster.add((JSON.parse(line) as { cid: string }).cid)
      }
      return onKubo.map(p => p.cid).filter(cid => !inCluster.has(cid))
    }

    it('dag/put and block/put with pin=true pin in the cluster', async () => {
      const node = await composite.dag.put({ parity: Math.random() }, { pin: true })
      const block = await composite.block.put(randomBytes(32), { pin: true })
      for (const cid of [node, block]) {
        expect(await normalise(await all(composite.pin.ls({ paths: [cid] })))).toEqual([{ cid: String(cid), type: 'recursive' }])
        expect((await uc.peers[0].rest(`/allocations/${String(cid)}`) as { cid: string }).cid).toBe(String(cid))
      }
      expect(await outsidePins()).toEqual([])
    })

    it('object/patch/add-link passes through and pins nothing', async () => {
      const { cid: empty } = await direct.add(text(''), { pin: false })
      const patched = await composite.object.patch.addLink(CID.parse(EMPTY_DIR), { Name: 'e', Hash: empty, Tsize: 0 } as never)
      expect(String(patched)).toMatch(/^Qm/)
      expect(await outsidePins()).toEqual([])
    })

    it('block/rm passes through and pins nothing; files/* and diag/datastore/put are refused, not forwarded to one Kubo', async () => {
      const { cid } = await direct.add(text(`mfs ${Math.random()}`), { pin: false })
      const removed = await all(composite.block.rm(cid, { force: true }))
      expect(removed.map(r => r.error)).toEqual([undefined])
      // MFS is each Kubo's own: the cluster connector's passthrough allow-list leaves it out
      const refused = await composite.files.write('/parity.txt', text('mfs write'), { create: true }).then(() => undefined, (e: Error) => e)
      expect(refused?.message).toMatch(/^"files\/write" is not forwarded to undercluster .*--cluster-passthrough files\/write/)
      // a daemon-admin command: refused by the server itself, 403 with Kubo's Forbidden code
      const res = await fetch(`${node.url}/api/v0/diag/datastore/put?arg=/pins/x&arg=y`, { method: 'POST' })
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({ Code: 4, Type: 'error', Message: expect.stringMatching(/^"diag\/datastore\/put" is refused: .*--forward-admin diag/) })
      expect(await outsidePins()).toEqual([])
    })

    it('pin/remote is refused, with a Kubo-style error naming the command', async () => {
      for (const call of [
        async () => await composite.pin.remote.service.ls(),
        async () => await composite.pin.remote.add(CID.parse(EMPTY_DIR), { service: 'any' })
      ]) {
        const err = await call().then(() => undefined, (e: Error) => e)
        expect(err?.message).toMatch(/^pin\/remote\/\S+ is refused by a composite node in front of undercluster .*outside the cluster's pinset/)
      }
      expect(await outsidePins()).toEqual([])
    })
  })

  it('cause 6: timeout reaches the Kubo: refs answers as Kubo does', async () => {
    // a CID nobody has: Kubo looks for it until the deadline
    const missing = CID.parse('bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq')
    const [a, b] = await both(c => c.refs(missing, { timeout: 500 }))
    expect(b).toEqual(a)
    expect(a).toEqual([{ ref: '', err: 'context deadline exceeded' }])
  })

  it('cause 7: every id address passes libp2p\'s validation', async () => {
    const id = await composite.id()
    expect(id.addresses.length).toBeGreaterThan(0)
    for (const address of id.addresses.map(String)) {
      const [first] = multiaddr(address).getComponents()
      expect(DIALLABLE.has(first.name), address).toBe(true)
    }
  })

  // last: a second node in front of the undercluster makes its pins shared for the first one
  it('cause 1: with addVia kubo, a pinned add builds the DAG Kubo builds too', async () => {
    const viaKubo = await startClusterNode(uc, { addVia: 'kubo', releaseGrace: 1_000 })
    try {
      const client = create({ url: viaKubo.url })
      const tree = (): Array<{ path: string, content: Uint8Array }> =>
        ['a', 'b'].map(n => ({ path: `pinned-shard/${n}.txt`, content: text(`pinned ${n}`) }))
      const a = await normalise(await all(direct.addAll(tree(), { pin: false })))
      const b = await normalise(await all(client.addAll(tree())))
      expect(b).toEqual(a)
      const root = (b as Array<{ cid: string, path: string }>).find(e => e.path === 'pinned-shard')?.cid ?? ''
      expect((await uc.peers[0].rest(`/allocations/${root}`) as { cid: string }).cid).toBe(root)
      expect(await normalise(await all(client.pin.ls({ paths: [root] })))).toEqual([{ cid: root, type: 'recursive' }])
    } finally {
      await viaKubo.stop()
    }
  })
})
