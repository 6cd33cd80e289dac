import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { coalesce } from '../../src/coalesce.ts'
import { encodeMultipart } from '../../src/multipart.ts'
import type { FileEntry } from '@composite-ipfs/interface'

const enc = new TextEncoder()
const text = (chunks: Uint8Array[]): string => Buffer.concat(chunks).toString()

async function collect (body: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = []
  for await (const chunk of body) chunks.push(chunk)
  return chunks
}

async function * ready (...parts: Array<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? enc.encode(part) : part
}

describe('coalesce', () => {
  it('joins small chunks that are ready together, up to the limit', async () => {
    const chunks = await collect(coalesce(ready('ab', 'cd', 'ef', 'gh'), 5))
    expect(chunks.map((c) => Buffer.from(c).toString())).toEqual(['abcd', 'efgh'])
  })

  it('passes a large chunk through uncopied, after what it held', async () => {
    const big = new Uint8Array(20_000).fill(1)
    const chunks = await collect(coalesce(ready('a', 'b', big, 'c'), 64 * 1024))
    expect(chunks.map((c) => c.byteLength)).toEqual([2, 20_000, 1])
    expect(chunks[1]).toBe(big)
  })

  it('never holds a chunk until more data arrives: it goes out when the source waits for I/O', async () => {
    let release = (): void => {}
    async function * slow (): AsyncGenerator<Uint8Array> {
      yield enc.encode('head')
      await new Promise<void>((resolve) => { release = resolve })
      yield enc.encode('tail')
    }
    const it = coalesce(slow(), 64 * 1024)[Symbol.asyncIterator]()
    expect(Buffer.from((await it.next()).value as Uint8Array).toString()).toBe('head')
    const next = it.next()
    await nextTurn()
    release()
    expect(Buffer.from((await next).value as Uint8Array).toString()).toBe('tail')
    expect((await it.next()).done).toBe(true)
  })

  it('sends what it held before a failure of the source, then the failure', async () => {
    async function * failing (): AsyncGenerator<Uint8Array> {
      yield enc.encode('x')
      throw new Error('cut')
    }
    const it = coalesce(failing(), 1024)[Symbol.asyncIterator]()
    expect(Buffer.from((await it.next()).value as Uint8Array).toString()).toBe('x')
    await expect(it.next()).rejects.toThrow('cut')
  })

  it('stops the source when the consumer stops', async () => {
    let stopped = false
    async function * endless (): AsyncGenerator<Uint8Array> {
      try {
        while (true) yield new Uint8Array(32 * 1024)
      } finally {
        stopped = true
      }
    }
    for await (const chunk of coalesce(endless(), 64 * 1024)) {
      expect(chunk.byteLength).toBe(32 * 1024)
      break
    }
    expect(stopped).toBe(true)
  })
})

describe('encodeMultipart with batchBytes', () => {
  async function * files (count: number): AsyncGenerator<FileEntry> {
    yield { path: 'd', type: 'directory' }
    for (let i = 0; i < count; i++) yield { path: `d/f${i}`, type: 'file', content: ready(`content ${i}`) }
  }

  it('writes the same bytes as without it, in far fewer chunks', async () => {
    const plain = await collect(encodeMultipart(files(200), { boundary: 'B' }).body)
    const batched = await collect(encodeMultipart(files(200), { boundary: 'B', batchBytes: 64 * 1024 }).body)
    expect(text(batched)).toBe(text(plain))
    expect(plain.length).toBeGreaterThan(400)
    expect(batched.length).toBe(1)
  })
})
