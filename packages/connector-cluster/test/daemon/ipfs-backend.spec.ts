import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { startUndercluster } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clusterConnector } from '../../src/index.ts'
import { collect, kuboPinType, unique } from './helpers.ts'
import type { Backend, FileEntry } from '@composite-ipfs/interface'
import type { Undercluster } from '@composite-ipfs/testbed'

function entry (path: string, text: string): FileEntry {
  return { path, type: 'file', content: (async function * () { yield new TextEncoder().encode(text) })() }
}

async function * one (item: FileEntry): AsyncGenerator<FileEntry> { yield item }

async function text (stream: { body: AsyncIterable<Uint8Array> }): Promise<string> {
  const chunks: Uint8Array[] = []
  for await (const chunk of stream.body) chunks.push(chunk)
  return Buffer.concat(chunks).toString()
}

describe('the injected ipfs backend (a kuboConnector over the undercluster Kubos)', () => {
  let uc: Undercluster
  let ipfs: Backend
  let backend: Backend
  let bare: Backend

  beforeAll(async () => {
    uc = await startUndercluster({ peers: 1 })
    ipfs = kuboConnector({ endpoints: uc.kubos.map(k => k.apiUrl) })
    backend = clusterConnector({ rest: uc.restUrls, ipfs, pinWait: { pollInterval: 200 } })
    bare = clusterConnector({ rest: uc.restUrls })
  })

  afterAll(async () => {
    await backend?.stop?.()
    await bare?.stop?.()
    await ipfs?.stop?.()
    await uc?.stop()
  })

  it('answers id and version from the Kubo', async () => {
    expect((await backend.id!(undefined)).ID).toBe(uc.kubos[0]!.peerId)
    expect((await backend.version!()).Version).toBe('0.42.0')
  })

  it('reads through the Kubo what was added through the REST API', async () => {
    const content = unique('read-back')
    const [added] = await collect(backend.add!(one(entry('r.txt', content))))
    const cid = String(added?.Hash)
    expect(await text(await backend.cat!([cid]))).toBe(content)
    expect((await backend.blockStat!(cid)).Size).toBeGreaterThan(0)
  })

  it('delegates only-hash: same CID as a real add, nothing stored or pinned', async () => {
    const content = unique('only-hash')
    const [hashed] = await collect(backend.add!(one(entry('h.txt', content)), { onlyHash: true }))
    await expect(uc.peers[0]!.rest(`/allocations/${hashed!.Hash}`)).rejects.toThrow(/404/)
    const [added] = await collect(backend.add!(one(entry('h.txt', content))))
    expect(hashed).toEqual(added)
  })

  it('block/put with pin=true stores through the Kubo and pins in the undercluster', async () => {
    const [stat] = await collect(backend.blockPut!(one(entry('b', unique('block'))), { pin: true }))
    expect(await kuboPinType(uc.kubos[0]!, stat!.Key)).toBe('recursive')
    await expect(uc.peers[0]!.rest(`/allocations/${stat!.Key}`)).resolves.toMatchObject({ cid: stat!.Key })
  })

  it('without an ipfs backend, block-level commands name what is missing', async () => {
    await expect(bare.blockGet!('bafkqaaa')).rejects.toMatchObject({
      code: 'ERR_NOT_SUPPORTED', message: `block/get needs the IPFS endpoints of undercluster ${uc.restUrls[0]}: none configured (the \`ipfs\` option of clusterConnector)`
    })
    await expect(bare.repoStat!()).rejects.toMatchObject({ code: 'ERR_NOT_SUPPORTED' })
  })
})
