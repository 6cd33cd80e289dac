import { describe, expect, it } from 'vitest'
import { parseQuery, queryUnescape } from '../../src/request/query.ts'

describe('Go query unescaping', () => {
  it('decodes + as space and %XX as UTF-8 bytes', () => {
    expect(queryUnescape('a+b%20c')).toBe('a b c')
    expect(queryUnescape('dir%2Fa.txt')).toBe('dir/a.txt')
    expect(queryUnescape('%E2%9C%93')).toBe('✓')
    expect(queryUnescape(encodeURIComponent('ü ö/x+y'))).toBe('ü ö/x+y')
  })

  it('refuses malformed escapes', () => {
    expect(queryUnescape('%')).toBeUndefined()
    expect(queryUnescape('%zz')).toBeUndefined()
    expect(queryUnescape('a%2')).toBeUndefined()
  })

  it('parses repeated keys in order and drops bad pairs', () => {
    const query = parseQuery('arg=a&recursive&arg=b&x=%zz&y;z=1&t=&enc=json')
    expect([...query]).toEqual([['arg', ['a', 'b']], ['recursive', ['']], ['t', ['']], ['enc', ['json']]])
  })
})
