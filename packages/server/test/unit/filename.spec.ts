import { describe, expect, it } from 'vitest'
import { fieldMeta } from '../../src/multipart/field-meta.ts'
import { cleanPath, partPath } from '../../src/multipart/filename.ts'

describe('multipart file names', () => {
  it('cleans like path.Clean("/" + name)', () => {
    expect(cleanPath('a/./b//c/')).toEqual({ path: 'a/b/c', escapes: false })
    expect(cleanPath('a/../b')).toEqual({ path: 'b', escapes: false })
    expect(cleanPath('')).toEqual({ path: '', escapes: false })
    expect(cleanPath('/abs/x')).toEqual({ path: 'abs/x', escapes: false })
  })

  it('drops a .. that climbs above the root, and says so', () => {
    expect(cleanPath('../../etc/x.txt')).toEqual({ path: 'etc/x.txt', escapes: true })
    expect(cleanPath('a/../../x')).toEqual({ path: 'x', escapes: true })
  })

  it('query-unescapes names from both JS and Go clients', () => {
    expect(partPath('dir%2Fa%20b.txt').path).toBe('dir/a b.txt') // encodeURIComponent
    expect(partPath('dir%2Fa+b.txt').path).toBe('dir/a b.txt') // url.QueryEscape
    expect(partPath('100%').path).toBe('100%') // a bad escape is kept as it is
    expect(partPath(undefined).path).toBe('')
  })

  it('counts a .. between backslashes as a climb, but keeps the name as one segment', () => {
    expect(partPath('..%5C..%5Cx')).toEqual({ path: '..\\..\\x', escapes: true })
    expect(partPath('a%5C..%5Cb')).toEqual({ path: 'a\\..\\b', escapes: false })
    expect(partPath('%2e%2e%2fx')).toEqual({ path: 'x', escapes: true })
  })
})

describe('UnixFS metadata in the field name', () => {
  it('reads mode (octal), mtime and mtime-nsecs', () => {
    expect(fieldMeta('file?mode=0644&mtime=1700000000&mtime-nsecs=5')).toEqual({ mode: 0o644, mtime: { secs: 1700000000n, nsecs: 5 } })
    expect(fieldMeta('dir-2?mode=0755')).toEqual({ mode: 0o755 })
    expect(fieldMeta('file?mtime=-5')).toEqual({ mtime: { secs: -5n } })
  })

  it('ignores what boxo ignores', () => {
    expect(fieldMeta('file')).toEqual({})
    expect(fieldMeta(undefined)).toEqual({})
    expect(fieldMeta('file?mode=0999')).toEqual({})
    expect(fieldMeta('file?mtime=abc&mode=0600')).toEqual({ mode: 0o600 })
    expect(fieldMeta('file?mtime=10&mtime-nsecs=x')).toEqual({ mtime: { secs: 10n } })
  })
})
