import { describe, expect, it } from 'vitest'
import { jsonLine, sortKeys, toJson } from '../../src/wire/go-json.ts'

describe('Go-compatible JSON writer', () => {
  it('writes bigints as exact integers', () => {
    expect(toJson({ StorageMax: 18446744073709551615n, RepoSize: 0n })).toBe('{"StorageMax":18446744073709551615,"RepoSize":0}')
    expect(toJson([-9223372036854775808n])).toBe('[-9223372036854775808]')
  })

  it('escapes like encoding/json with HTML escaping', () => {
    expect(toJson('<a&b>\u2028')).toBe('"\\u003ca\\u0026b\\u003e\\u2028"')
    expect(toJson('tab\there "q" \\')).toBe('"tab\\there \\"q\\" \\\\"')
  })

  it('handles null, undefined members, toJSON, Maps and byte arrays', () => {
    expect(toJson({ a: undefined, b: null, c: [undefined] })).toBe('{"b":null,"c":[null]}')
    expect(toJson({ toJSON: () => ({ '/': 'x' }) })).toBe('{"/":"x"}')
    expect(toJson(new Map([['k', 1]]))).toBe('{"k":1}')
    expect(toJson(new Uint8Array([1, 2, 3]))).toBe('"AQID"')
    expect(toJson(1e21)).toBe('1000000000000000000000')
    expect(toJson(Number.NaN)).toBe('null')
  })

  it('ends a value with a newline and sorts map keys recursively', () => {
    expect(jsonLine({ a: 1 })).toBe('{"a":1}\n')
    expect(toJson(sortKeys({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 3 } }))).toBe('{"a":{"c":3,"d":[{"y":2,"z":1}]},"b":1}')
  })
})

describe('jsonLine fast path (JSON.stringify for plain values)', () => {
  const samples: unknown[] = [
    { ID: '12D3', Addresses: ['/ip4/127.0.0.1/tcp/4001'], AgentVersion: 'kubo/0.42.0/<x>&', Protocols: [] },
    { a: undefined, b: null, c: [undefined, () => 1, Symbol('s')], d: () => 1, e: -0, f: 1.5, g: Number.NaN, h: Infinity },
    [{ '<k>': '\u2028\u2029' }, 'tab\t"q"\\', '\ud800 lone surrogate', true, false, 0],
    Object.assign(Object.create(null) as object, { x: 1 }),
    { big: 1e21, small: -1e21 + 1 },
    { n: 2n ** 64n - 1n },
    { bytes: new Uint8Array([1, 2]), map: new Map([['k', 'v']]) },
    { nested: { toJSON: () => 'z' } },
    Object.assign([1, 2], { toJSON: () => 'arr' })
  ]

  it('writes exactly what toJson writes', () => {
    for (const value of samples) {
      expect(jsonLine(value)).toBe(`${toJson(value)}\n`)
    }
  })
})
