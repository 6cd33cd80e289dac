import { commands } from '@composite-ipfs/interface'
import { describe, expect, it } from 'vitest'
import { toQuery, toSearchParams } from '../../src/query.ts'
import { withQuery } from '../../src/query.ts'

describe('toQuery', () => {
  it('writes typed options under their long wire names and args as repeated arg', () => {
    const q = toQuery(commands.add, [], {
      cidVersion: 1, rawLeaves: false, wrapWithDirectory: true, chunker: 'size-1024', mtime: 1700000000n, signal: new AbortController().signal
    })
    expect(q.toString()).toBe('wrap-with-directory=true&cid-version=1&raw-leaves=false&chunker=size-1024&mtime=1700000000')
    expect(toQuery(commands.pinUpdate, ['a', 'b'], { unpin: false }).getAll('arg')).toEqual(['a', 'b'])
  })

  it('skips undefined and null, and never sends keys that are not declared options', () => {
    const q = toQuery(commands.pinLs, ['x'], { type: undefined, stream: true, names: null, via: ['n1'], hops: 2, headers: {} })
    expect([...q]).toEqual([['arg', 'x'], ['stream', 'true']])
  })

  it('serialises bigint, number, boolean, string and string arrays', () => {
    expect(toQuery(commands.cat, ['/ipfs/x'], { offset: 10n, length: 2n ** 63n - 1n }).toString())
      .toBe('arg=%2Fipfs%2Fx&offset=10&length=9223372036854775807')
    const spec = { ...commands.id, options: [{ name: 'tag', type: 'strings' as const }] }
    expect(toQuery(spec, [], { tag: ['a', 'b'] }).getAll('tag')).toEqual(['a', 'b'])
  })

  it('includes Kubo global options (timeout, cid-base)', () => {
    expect(toQuery(commands.id, [], { timeout: '10s', cidBase: 'base32' }).toString()).toBe('timeout=10s&cid-base=base32')
  })
})

describe('toSearchParams / withQuery', () => {
  it('accepts records with arrays, strings and URLSearchParams', () => {
    expect(toSearchParams({ arg: ['a', 'b'], stream: true, n: 2, skip: undefined }).toString()).toBe('arg=a&arg=b&stream=true&n=2')
    expect(withQuery('/p', '?x=1&y')).toBe('/p?x=1&y')
    expect(withQuery('/p', new URLSearchParams())).toBe('/p')
    expect(withQuery('/p', { a: 'b c' })).toBe('/p?a=b+c')
  })
})
