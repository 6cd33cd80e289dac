import { describe, expect, it } from 'vitest'
import { parseJsonBigInts } from '../../src/json-bigint.ts'

const KEYS = ['RepoSize', 'StorageMax', 'NumObjects']

describe('parseJsonBigInts', () => {
  it('keeps MaxUint64 exact (JSON.parse would round it to …616)', () => {
    const text = '{"RepoSize":123,"StorageMax":18446744073709551615,"NumObjects":0,"RepoPath":"/r","Version":"fs-repo@18"}\n'
    expect(JSON.parse(text).StorageMax).toBe(18446744073709552000)
    expect(parseJsonBigInts(text, KEYS)).toEqual({
      RepoSize: 123n, StorageMax: 18446744073709551615n, NumObjects: 0n, RepoPath: '/r', Version: 'fs-repo@18'
    })
  })

  it('leaves other keys, strings that look like keys, and nested values alone', () => {
    const text = '{ "RepoPath" : "\\"StorageMax\\":1", "Other": 9007199254740993, "nested": [ { "RepoSize" : 9007199254740993 } ] }'
    const out = parseJsonBigInts<Record<string, unknown>>(text, KEYS)
    expect(out.RepoPath).toBe('"StorageMax":1')
    expect(typeof out.Other).toBe('number')
    expect(out.nested).toEqual([{ RepoSize: 9007199254740993n }])
  })

  it('matches escaped key spellings and tolerates non-integer forms', () => {
    expect(parseJsonBigInts('{"Repo\\u0053ize":5,"StorageMax":1e3}', KEYS)).toEqual({ RepoSize: 5n, StorageMax: 1000n })
  })

  it('is plain JSON.parse without keys', () => {
    expect(parseJsonBigInts('{"a":1}', [])).toEqual({ a: 1 })
  })
})
