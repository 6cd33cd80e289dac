/**
 * Differential conformance: kubo-rpc-client (the real npm client) makes the same calls twice,
 * directly to a real Kubo and through a composite node in front of that Kubo, and both must
 * give the same results.
 */
import { randomBytes } from 'node:crypto'
import all from 'it-all'
import { CID } from 'kubo-rpc-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kuboPair } from '../../src/index.ts'
import type { KuboPair } from '../../src/index.ts'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const sorted = <T>(items: T[]): T[] => items.sort((x, y) => String((x as { cid: unknown }).cid).localeCompare(String((y as { cid: unknown }).cid)))

describe('kubo-rpc-client: direct Kubo vs composite node', () => {
  let pair: KuboPair

  beforeAll(async () => { pair = await kuboPair() })
  afterAll(async () => { await pair?.stop() })

  it('id and version', async () => {
    const [a, b] = await pair.both(c => c.id())
    expect(b).toEqual(a)
    expect((a as { addresses: unknown[] }).addresses.length).toBeGreaterThan(0)
    const [va, vb] = await pair.both(c => c.version())
    expect(vb).toEqual(va)
  })

  it('add: a file, only-hash, cid-version 1, raw-leaves', async () => {
    for (const options of [{}, { onlyHash: true }, { cidVersion: 1 as const }, { rawLeaves: true }, { cidVersion: 1 as const, rawLeaves: false }]) {
      const content = `hello ${JSON.stringify(options)}`
      const [a, b] = await pair.both(c => c.add(text(content), options))
      expect(b).toEqual(a)
    }
  })

  it('add: a directory tree, with and without wrap-with-directory', async () => {
    const tree = (): Array<{ path: string, content?: Uint8Array }> => [
      { path: 'root/a.txt', content: text('a') },
      { path: 'root/sub/b.txt', content: text('b') },
      { path: 'root/sub/empty' },
      { path: 'root/c d+e.txt', content: text('names with spaces and plus') }
    ]
    const [a, b] = await pair.both(c => c.addAll(tree()))
    expect(b).toEqual(a)
    expect((a as unknown[]).length).toBeGreaterThanOrEqual(5)
    const [wa, wb] = await pair.both(c => c.addAll(tree(), { wrapWithDirectory: true }))
    expect(wb).toEqual(wa)
  })

  it('add: progress events are the same', async () => {
    const data = randomBytes(1024 * 1024 + 17)
    const progress: Array<Array<[number, string | undefined]>> = [[], []]
    let i = 0
    const [a, b] = await pair.both(async c => {
      const mine = progress[i++]
      return c.add(data, { progress: (bytes: number, path?: string) => { mine.push([bytes, path]) } })
    })
    expect(b).toEqual(a)
    expect(progress[1]).toEqual(progress[0])
    expect(progress[0].length).toBeGreaterThan(1)
  })

  it('cat with offset and length', async () => {
    const data = randomBytes(300_000)
    const { cid } = await pair.direct.add(data)
    for (const options of [{}, { offset: 1000 }, { offset: 5, length: 70_000 }, { length: 3 }]) {
      const [a, b] = await pair.both(async c => Buffer.concat(await all(c.cat(cid, options))))
      expect(b).toEqual(a)
    }
    const [full] = await pair.both(async c => Buffer.concat(await all(c.cat(cid))))
    expect(Buffer.compare(full as Buffer, data)).toBe(0)
  })

  it('pin add, ls (by type, by arg), rm, update', async () => {
    const { cid: one } = await pair.direct.add(text('pin one'), { pin: false })
    const { cid: two } = await pair.direct.add(text('pin two'), { pin: false })
    const [addA, addB] = await pair.both(c => c.pin.add(one))
    expect(addB).toEqual(addA)
    for (const type of ['all', 'recursive', 'direct', 'indirect'] as const) {
      // Kubo lists pins in no fixed order
      const [a, b] = await pair.both(async c => sorted(await all(c.pin.ls({ type }))))
      expect(b).toEqual(a)
    }
    const [byArgA, byArgB] = await pair.both(c => c.pin.ls({ paths: [one] }))
    expect(byArgB).toEqual(byArgA)
    const updA = await pair.direct.pin.update(one, two, { unpin: false })
    await pair.direct.pin.rm(two)
    const updB = await pair.composite.pin.update(one, two, { unpin: false })
    expect(updB.map(String)).toEqual(updA.map(String))
    // rm through each side in turn, re-pinning in between
    const rmA = await pair.direct.pin.rm(two)
    await pair.direct.pin.add(two)
    const rmB = await pair.composite.pin.rm(two)
    expect(rmB.toString()).toEqual(rmA.toString())
  })

  it('pin errors carry Kubo messages verbatim', async () => {
    const { cid } = await pair.direct.add(text('never pinned'), { pin: false })
    const errors = await Promise.all([pair.direct, pair.composite].map(async c => c.pin.rm(cid).then(() => 'ok', (e: Error) => e.message)))
    expect(errors[1]).toEqual(errors[0])
    expect(errors[0]).toMatch(/not pinned or pinned indirectly/)
    const lsErrors = await Promise.all([pair.direct, pair.composite].map(async c => all(c.pin.ls({ paths: [cid] })).then(() => 'ok', (e: Error) => e.message)))
    expect(lsErrors[1]).toEqual(lsErrors[0])
    expect(lsErrors[0]).toMatch(/not pinned/)
  })

  it('repo stat with exact bigints, and repo gc', async () => {
    const [a, b] = await pair.both(c => c.repo.stat()) as Array<Record<string, unknown>>
    // kubo-rpc-client runs JSON.parse before BigInt, so both sides read 2^64 here; the exact
    // bytes (18446744073709551615) are checked on the wire in wire.spec.ts
    expect(b.storageMax).toEqual(a.storageMax)
    expect(b.storageMax).toBeGreaterThanOrEqual(18446744073709551615n)
    expect(typeof b.repoSize).toBe('bigint')
    expect(b.numObjects).toEqual(a.numObjects)
    expect(b.repoPath).toEqual(a.repoPath)
    expect(b.version).toEqual(a.version)
    // gc: each side collects its own unpinned block and reports it in the same shape
    for (const client of [pair.direct, pair.composite]) {
      const block = await client.block.put(randomBytes(64))
      const removed = await all(client.repo.gc())
      expect(removed.map(r => r.cid?.toString())).toContain(block.toString())
    }
  })

  it('block put, get, stat, rm', async () => {
    const data = randomBytes(2048)
    const [putA, putB] = await pair.both(c => c.block.put(data, { format: 'raw' }))
    expect(putB).toEqual(putA)
    const cid = CID.parse(putA as string)
    const [getA, getB] = await pair.both(c => c.block.get(cid))
    expect(getB).toEqual(getA)
    const [statA, statB] = await pair.both(c => c.block.stat(cid))
    expect(statB).toEqual(statA)
    const rmA = await all(pair.direct.block.rm(cid))
    await pair.direct.block.put(data, { format: 'raw' })
    const rmB = await all(pair.composite.block.rm(cid))
    expect(await Promise.all(rmB.map(async r => ({ cid: r.cid.toString(), error: r.error?.message })))).toEqual(
      await Promise.all(rmA.map(async r => ({ cid: r.cid.toString(), error: r.error?.message }))))
  })

  it('dag put and get', async () => {
    const node = { hello: 'world', n: 42, nested: { list: [1, 2, 3] } }
    const [putA, putB] = await pair.both(c => c.dag.put(node))
    expect(putB).toEqual(putA)
    const cid = CID.parse(putA as string)
    const [getA, getB] = await pair.both(c => c.dag.get(cid))
    expect(getB).toEqual(getA)
    expect((getA as { value: unknown }).value).toEqual(node)
    const [pathA, pathB] = await pair.both(c => c.dag.get(cid, { path: 'nested/list/1' }))
    expect(pathB).toEqual(pathA)
  })

  it('refs recursive and unique, refs local', async () => {
    const files = await all(pair.direct.addAll([
      { path: 'r/x.txt', content: text('same') }, { path: 'r/y.txt', content: text('same') }, { path: 'r/z/w.txt', content: text('other') }
    ]))
    const root = files[files.length - 1].cid
    const [a, b] = await pair.both(c => c.refs(root, { recursive: true, unique: true }))
    expect(b).toEqual(a)
    const [la, lb] = await pair.both(async c => (await all(c.refs.local())).map(r => r.ref).sort())
    expect(lb).toEqual(la)
  })

  it('swarm peers, config show, resolve, name resolve', async () => {
    const [pa, pb] = await pair.both(c => c.swarm.peers())
    expect(pb).toEqual(pa)
    const [ca, cb] = await pair.both(c => c.config.getAll())
    expect(cb).toEqual(ca)
    const dir = await all(pair.direct.addAll([{ path: 'd/f.txt', content: text('resolve me') }]))
    const root = dir[dir.length - 1].cid
    const [ra, rb] = await pair.both(c => c.resolve(`/ipfs/${root.toString()}/f.txt`))
    expect(rb).toEqual(ra)
    await pair.direct.name.publish(`/ipfs/${root.toString()}`, { allowOffline: true, resolve: false })
    const self = await pair.direct.id()
    const [na, nb] = await pair.both(c => c.name.resolve(`/ipns/${self.id.toString()}`, { nocache: true }))
    expect(nb).toEqual(na)
    expect((na as string[])[0]).toContain(root.toString())
  })

  it('passthrough commands (files ls), and a refused admin command (key list) as a Kubo error', async () => {
    const refused = await pair.composite.key.list().then(() => undefined, (err: Error) => err)
    expect(refused?.message).toMatch(/^"key\/list" is refused: .* --forward-admin key /)
    await pair.direct.files.write('/passthrough.txt', text('mfs'), { create: true })
    const [fa, fb] = await pair.both(c => c.files.ls('/'))
    expect(fb).toEqual(fa)
  })
})
