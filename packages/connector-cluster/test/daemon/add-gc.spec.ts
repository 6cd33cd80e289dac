import { randomBytes } from 'node:crypto'
import { startUndercluster } from '@composite-ipfs/testbed'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clusterConnector } from '../../src/index.ts'
import { collect, kuboAdd, kuboPinType, unique } from './helpers.ts'
import type { AddEvent, Backend, FileEntry } from '@composite-ipfs/interface'
import type { KuboDaemon, Undercluster } from '@composite-ipfs/testbed'

function file (path: string, content: string | Uint8Array): FileEntry {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content
  return {
    path,
    type: 'file',
    content: (async function * () {
      // several chunks, as an upload arrives
      for (let i = 0; i < bytes.byteLength; i += 65_536) yield bytes.subarray(i, i + 65_536)
    })()
  }
}

async function * entries (...list: FileEntry[]): AsyncGenerator<FileEntry> { yield * list }

async function cat (kubo: KuboDaemon, cid: string): Promise<Uint8Array> {
  const res = await fetch(`${kubo.apiUrl}/api/v0/cat?arg=${cid}`, { method: 'POST' })
  return new Uint8Array(await res.arrayBuffer())
}

const results = (events: AddEvent[]): AddEvent[] => events.filter(e => e.Hash !== undefined)

describe('add and repo/gc on a real undercluster', () => {
  let uc: Undercluster
  let backend: Backend

  beforeAll(async () => {
    uc = await startUndercluster({ peers: 2 })
    backend = clusterConnector({ rest: uc.restUrls, pinWait: { pollInterval: 200 } })
  })

  afterAll(async () => {
    await backend?.stop?.()
    await uc?.stop()
  })

  it('streams a file in through REST /add, answers like Kubo, pins every top-level root', async () => {
    const big = randomBytes(600_000)
    const small = unique('small')
    const events = await collect(backend.add!(entries(file('big.bin', big), file('small.txt', small)), { progress: true }))
    // Kubo's own answer for the same upload (only-hash: nothing stored)
    const kubo = await kuboAdd(uc.kubos[0]!, { 'big.bin': big, 'small.txt': small }, { 'only-hash': 'true' })
    expect(results(events)).toEqual(kubo)
    const progress = events.filter(e => e.Hash === undefined)
    expect(progress.filter(e => e.Name === 'big.bin').map(e => e.Bytes)).toEqual([262_144, 524_288, 600_000])
    // Kubo pins each top-level entry; the cluster's /add pins only the last one
    for (const line of kubo) {
      for (const k of uc.kubos) expect(await kuboPinType(k, line.Hash)).toBe('recursive')
    }
    expect(await cat(uc.kubos[1]!, kubo[0]!.Hash)).toEqual(new Uint8Array(big))
  })

  it('maps names: a directory, the wrapper (""), an unnamed file (its CID), CIDv1', async () => {
    const a = unique('dir-a')
    const b = unique('dir-b')
    const dir = await collect(backend.add!(entries({ path: 'd', type: 'directory' }, file('d/a.txt', a), file('d/e/b.txt', b))))
    expect(dir.map(e => e.Name)).toEqual(['d/a.txt', 'd/e/b.txt', 'd/e', 'd'])
    expect(results(dir)).toEqual(await kuboAdd(uc.kubos[0]!, { 'd/a.txt': a, 'd/e/b.txt': b }, { 'only-hash': 'true' }))

    const wrapped = await collect(backend.add!(entries(file('w.txt', a)), { wrapWithDirectory: true, cidVersion: 1 }))
    expect(wrapped).toEqual(await kuboAdd(uc.kubos[0]!, { 'w.txt': a }, { 'only-hash': 'true', 'wrap-with-directory': 'true', 'cid-version': '1' }))
    expect(wrapped.at(-1)).toMatchObject({ Name: '' })

    const [unnamed] = await collect(backend.add!(entries(file('', unique('unnamed')))))
    expect(unnamed!.Name).toBe(unnamed!.Hash)
  })

  it('pin=false stores without pinning; only-hash needs the ipfs backend', async () => {
    const [line] = await collect(backend.add!(entries(file('nopin.txt', unique('nopin'))), { pin: false }))
    await expect(uc.peers[0]!.rest(`/allocations/${line!.Hash}`)).rejects.toThrow(/404/)
    expect(await kuboPinType(uc.kubos[0]!, line?.Hash ?? '')).toBeUndefined()
    await expect(collect(backend.add!(entries(file('x', 'x')), { onlyHash: true }))).rejects.toMatchObject({
      code: 'ERR_NOT_SUPPORTED', message: expect.stringMatching(/add --only-hash needs the IPFS endpoints of undercluster/)
    })
  })

  it('repo/gc runs on every peer and answers Kubo\'s {"Key":{"/":cid}} lines', async () => {
    const [line] = await kuboAdd(uc.kubos[0]!, { 'garbage.txt': unique('garbage') })
    const events = await collect(backend.repoGc!({ streamErrors: true }))
    expect(events.length).toBeGreaterThan(0)
    for (const event of events) expect(event).toEqual({ Key: { '/': expect.stringMatching(/^b/) } })
    const removed = events.map(e => CID.parse(e.Key?.['/'] ?? '').multihash.bytes.join())
    expect(removed).toContain(CID.parse(line!.Hash).multihash.bytes.join())
  })
})
