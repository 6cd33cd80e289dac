import { UpstreamError } from '@composite-ipfs/interface'
import { startKubo } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kuboConnector } from '../../src/index.ts'
import { caught } from '../fixtures/caught.ts'
import { bytesOf, collect, dir, entries, file, last } from '../fixtures/entries.ts'
import type { KuboConnector } from '../../src/index.ts'
import type { AddEvent } from '@composite-ipfs/interface'
import type { KuboDaemon } from '@composite-ipfs/testbed'

/** `hello world\n` under CIDv0, as every IPFS tutorial shows it */
const HELLO = 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o'

let kubo: KuboDaemon
let backend: KuboConnector

beforeAll(async () => {
  kubo = await startKubo()
  backend = kuboConnector({ endpoints: [kubo.apiUrl] })
})
afterAll(async () => {
  await backend?.stop()
  await kubo?.stop()
})

describe('add and cat', () => {
  it('adds a file streamed in chunks; Kubo answers with its own event (Size is a string)', async () => {
    const events = await collect(backend.add(entries(file('hello.txt', 'hello ', 'world\n'))))
    expect(events).toEqual([{ Name: 'hello.txt', Hash: HELLO, Size: '20' }])
  })

  it('forwards add options faithfully (cid-version, raw-leaves, chunker, progress)', async () => {
    const events = await collect(backend.add(entries(file('x.bin', 'a'.repeat(3000))), { cidVersion: 1, chunker: 'size-1024', progress: true, pin: false }))
    expect(events.filter(e => e.Hash === undefined).at(-1)).toEqual({ Name: 'x.bin', Bytes: 3000 })
    const done = events.at(-1) as AddEvent
    expect(done.Hash).toMatch(/^bafy/)
    const refs = await collect(backend.refs([done.Hash as string]))
    expect(refs.every(r => r.Ref.startsWith('bafk'))).toBe(true) // cid-version=1 implies raw leaves
    expect(new Set(refs.map(r => r.Ref)).size).toBe(2) // 3 chunks of 1024, 1024, 952: two distinct
  })

  it('streams both ways at once: progress events arrive while the upload is still being produced', async () => {
    const CHUNK = 256 * 1024
    const piece = Buffer.alloc(CHUNK, 3)
    let produced = 0
    async function * content (): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 128; i++) { produced += CHUNK; yield piece }
    }
    let producedAtFirstEvent = -1
    const events: AddEvent[] = []
    for await (const e of backend.add(entries({ path: 'p.bin', type: 'file', content: content() }), { progress: true, pin: false })) {
      if (producedAtFirstEvent < 0) producedAtFirstEvent = produced
      events.push(e)
    }
    expect(producedAtFirstEvent).toBeLessThan(128 * CHUNK / 2)
    expect(events.at(-1)).toMatchObject({ Name: 'p.bin', Hash: expect.stringMatching(/^Qm/) })
    expect(events.filter(e => e.Bytes !== undefined).at(-1)?.Bytes).toBe(128 * CHUNK)
  })

  it('adds a directory tree; Kubo names the entries and the root last', async () => {
    const events = await collect(backend.add(entries(
      dir('site'),
      file('site/index.html', '<h1>hi</h1>'),
      dir('site/css'),
      file('site/css/a.css', 'body{}')
    )))
    expect(events.map(e => e.Name)).toEqual(['site/index.html', 'site/css/a.css', 'site/css', 'site'])
    const root = events.at(-1)?.Hash as string
    expect((await kubo.cli(['ls', root])).stdout).toMatch(/css\/\n.*index\.html/s)
    expect(await backend.resolve(`/ipfs/${root}/css/a.css`)).toEqual({ Path: `/ipfs/${events[1]?.Hash}` })
  })

  it('cats with offset and length; length and content type come from Kubo', async () => {
    const stream = await backend.cat([HELLO], { offset: 6n, length: 5n })
    expect(stream.length).toBe(5n)
    expect(stream.contentType).toBe('text/plain')
    expect((await bytesOf(stream)).toString()).toBe('world')
  })

  it('gets a tar of a path', async () => {
    const tar = await backend.get(HELLO)
    expect(tar.contentType).toBe('application/x-tar')
    expect((await bytesOf(tar)).includes(Buffer.from('hello world\n'))).toBe(true)
  })

  it('passes a failure after the first byte (X-Stream-Error trailer) on as an UpstreamError', async () => {
    const root = (await last(backend.add(entries(file('two', Buffer.alloc(2048, 1), Buffer.alloc(1024, 2))), { chunker: 'size-1024', cidVersion: 1, pin: false }))).Hash as string
    const leaves = await collect(backend.refs([root]))
    await collect(backend.blockRm([leaves[2]?.Ref as string]))
    // offline, the missing block cannot be fetched: Kubo has sent 200 and the first bytes already
    const stream = await backend.cat([root], { offline: true } as never)
    expect(stream.length).toBe(3072n)
    const err = await caught(stream.body)
    expect(err).toBeInstanceOf(UpstreamError)
    expect(err.upstreamStatus).toBe(200)
    expect(err.message).toBe('failed to fetch all nodes')
  })
})

describe('pins', () => {
  it('adds, lists, updates and removes pins with Kubo answers as they are', async () => {
    const a = (await last(backend.add(entries(file('a', 'pin me A')), { pin: false }))).Hash as string
    const b = (await last(backend.add(entries(file('b', 'pin me B')), { pin: false }))).Hash as string
    expect(await collect(backend.pinAdd([a]))).toEqual([{ Pins: [a] }])
    expect(await collect(backend.pinLs([a]))).toEqual([{ Cid: a, Type: 'recursive' }])
    expect(await collect(backend.pinLs([], { type: 'recursive' }))).toContainEqual({ Cid: a, Type: 'recursive' })
    expect(await backend.pinUpdate(a, b)).toEqual({ Pins: [a, b] })
    expect(await backend.pinRm([b])).toEqual({ Pins: [b] })
  })

  it('streams pin/add progress when asked', async () => {
    const c = (await last(backend.add(entries(file('c', 'x'.repeat(5000))), { pin: false, chunker: 'size-1000' }))).Hash as string
    const events = await collect(backend.pinAdd([c], { progress: true, name: 'named' }))
    expect(events.at(-1)).toEqual({ Pins: [c] })
    expect(await collect(backend.pinLs([c], { names: true }))).toEqual([{ Cid: c, Name: 'named', Type: 'recursive' }])
  })

  it('keeps Kubo error messages verbatim', async () => {
    const loose = (await last(backend.add(entries(file('loose', 'never pinned')), { pin: false }))).Hash as string
    const err = await caught(backend.pinRm([loose]))
    expect(err).toBeInstanceOf(UpstreamError)
    expect(err.message).toBe('not pinned or pinned indirectly')
    expect([err.status, err.upstreamStatus, err.kuboCode, err.endpoint]).toEqual([500, 500, 0, kubo.apiUrl])
    expect((await caught(backend.pinLs([loose]))).message).toBe(`path '${loose}' is not pinned`)
    expect((await caught(backend.pinUpdate(loose, HELLO))).message).toBe('\'from\' cid was not recursively pinned already')
    expect((await caught(backend.cat(['not-a-cid']))).message).toMatch(/^invalid path "not-a-cid"/)
  })
})

describe('blocks, dags and refs', () => {
  it('puts, gets, stats and removes blocks', async () => {
    const events = await collect(backend.blockPut(entries(file('', 'block one'), file('', 'block two'))))
    expect(events).toHaveLength(2)
    expect(events[0]).toEqual({ Key: expect.stringMatching(/^bafkrei/), Size: 9 })
    const key = events[0]?.Key as string
    const got = await backend.blockGet(key)
    expect(got.contentType).toBe('application/vnd.ipld.raw')
    expect((await bytesOf(got)).toString()).toBe('block one')
    expect(await backend.blockStat(key)).toEqual({ Key: key, Size: 9 })
    expect(await collect(backend.blockRm([key]))).toEqual([{ Hash: key }])
    expect((await caught(backend.blockStat(key, { offline: true } as never))).message).toMatch(/not found/)
  })

  it('puts and gets dag nodes; Cid is a link object', async () => {
    const [put] = await collect(backend.dagPut(entries(file('', '{"hello":"dag","n":1}')), { storeCodec: 'dag-cbor', inputCodec: 'dag-json' }))
    expect(put).toEqual({ Cid: { '/': expect.stringMatching(/^bafyrei/) } })
    const cid = put?.Cid['/'] as string
    expect(JSON.parse((await bytesOf(await backend.dagGet(cid))).toString())).toEqual({ hello: 'dag', n: 1 })
    const car = await backend.dagExport(cid)
    expect(car.contentType).toBe('application/vnd.ipld.car')
    expect((await bytesOf(car)).length).toBeGreaterThan(40)
  })

  it('lists refs with both keys always present', async () => {
    const root = (await last(backend.add(entries(dir('r'), file('r/1', 'one'), file('r/2', 'two'))))).Hash as string
    const refs = await collect(backend.refs([root], { recursive: true }))
    expect(refs).toHaveLength(2)
    expect(refs.every(r => r.Err === '')).toBe(true)
    expect((await collect(backend.refsLocal())).length).toBeGreaterThan(2)
  })
})
