import { CarWriter } from '@ipld/car/writer'
import all from 'it-all'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { withCarRoots } from '../../src/car-roots.ts'
import type { FileEntry } from '@composite-ipfs/interface'

async function rawBlock (text: string): Promise<{ cid: CID, bytes: Uint8Array }> {
  const bytes = new TextEncoder().encode(text)
  return { cid: CID.createV1(raw.code, await sha256.digest(bytes)), bytes }
}

async function carOf (roots: CID[], blocks: Array<{ cid: CID, bytes: Uint8Array }>): Promise<Uint8Array> {
  const { writer, out } = CarWriter.create(roots)
  const collected = all(out)
  for (const block of blocks) await writer.put(block)
  await writer.close()
  return Buffer.concat(await collected)
}

/** The bytes in pieces of `size`, as a slow upload delivers them */
async function * pieces (bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size)
}

async function readAll (entries: AsyncIterable<FileEntry>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  for await (const entry of entries) out.push(Buffer.concat(await all(entry.content ?? [])))
  return out
}

describe('withCarRoots', () => {
  it('reads the header roots of every CAR, however the bytes are cut, and passes the bytes on unchanged', async () => {
    const a = await rawBlock('a')
    const b = await rawBlock('b')
    const first = await carOf([a.cid, b.cid], [a, b])
    const second = await carOf([b.cid], [b])
    const roots = new Set<string>()
    const files = async function * (): AsyncGenerator<FileEntry> {
      yield { path: 'one.car', type: 'file', content: pieces(first, 3) }
      yield { path: 'two.car', type: 'file', content: pieces(second, 1000) }
    }
    const passed = await readAll(withCarRoots(files(), roots))
    expect([...roots]).toEqual([a.cid.toString(), b.cid.toString()])
    expect(passed.map(bytes => Buffer.from(bytes).equals(Buffer.from(first)) || Buffer.from(bytes).equals(Buffer.from(second)))).toEqual([true, true])
  })

  it('finds no roots in what is not a CAR, and still passes it on', async () => {
    const roots = new Set<string>()
    const junk = new TextEncoder().encode('not a car at all')
    const passed = await readAll(withCarRoots((async function * (): AsyncGenerator<FileEntry> {
      yield { path: 'junk', type: 'file', content: pieces(junk, 4) }
    })(), roots))
    expect(roots.size).toBe(0)
    expect(Buffer.from(passed[0]).toString()).toBe('not a car at all')
  })
})
