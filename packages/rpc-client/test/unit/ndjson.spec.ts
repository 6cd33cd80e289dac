import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseNdjson } from '../../src/ndjson.ts'

const enc = new TextEncoder()

async function collect<T> (it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const v of it) out.push(v)
  return out
}

async function * chunks (parts: Array<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? enc.encode(p) : p
}

describe('parseNdjson', () => {
  it('joins values split across chunks and parses a last line without newline', async () => {
    const out = await collect(parseNdjson(chunks(['{"a":', '1}\n{"b"', ':2}\r\n\n', '{"c":3}'])))
    expect(out).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }])
  })

  it('decodes a multi-byte character split across chunks', async () => {
    const bytes = enc.encode('{"Name":"héllo ✓"}\n')
    const cut = bytes.indexOf(0xc3) + 1
    expect(await collect(parseNdjson(chunks([bytes.subarray(0, cut), bytes.subarray(cut)])))).toEqual([{ Name: 'héllo ✓' }])
  })

  it('yields each value as soon as its line is complete', async () => {
    let released = false
    async function * slow (): AsyncGenerator<Uint8Array> {
      yield enc.encode('{"n":1}\n{"n"')
      await new Promise(resolve => setTimeout(resolve, 20))
      released = true
      yield enc.encode(':2}\n')
    }
    const it = parseNdjson(slow())[Symbol.asyncIterator]()
    expect((await it.next()).value).toEqual({ n: 1 })
    expect(released).toBe(false)
    expect((await it.next()).value).toEqual({ n: 2 })
  })

  it('uses the given line parser', async () => {
    expect(await collect(parseNdjson(chunks(['1\n2\n']), Number))).toEqual([1, 2])
  })

  it('gives the same values however the stream is cut (property)', async () => {
    const values = fc.array(fc.record({ s: fc.string(), n: fc.integer() }), { maxLength: 8 })
    await fc.assert(fc.asyncProperty(values, fc.array(fc.nat(), { maxLength: 6 }), async (objs, cuts) => {
      const bytes = enc.encode(objs.map(o => JSON.stringify(o)).join('\n'))
      const points = [...new Set(cuts.map(c => c % (bytes.length + 1)))].sort((a, b) => a - b)
      const parts: Uint8Array[] = []
      let prev = 0
      for (const p of [...points, bytes.length]) { parts.push(bytes.subarray(prev, p)); prev = p }
      expect(await collect(parseNdjson(chunks(parts)))).toEqual(objs)
    }))
  })
})
