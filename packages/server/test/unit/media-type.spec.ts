import { describe, expect, it } from 'vitest'
import { parseMediaType } from '../../src/request/media-type.ts'

describe('media type parsing', () => {
  it('reads types and parameters', () => {
    const parsed = parseMediaType('Multipart/Form-Data; boundary="a b;c"; Charset=utf-8')
    expect(parsed.type).toBe('multipart/form-data')
    expect(parsed.params.get('boundary')).toBe('a b;c')
    expect(parsed.params.get('charset')).toBe('utf-8')
  })

  it('reads Content-Disposition file names, quoted and extended', () => {
    expect(parseMediaType('form-data; name="file"; filename="a\\"b.txt"').params.get('filename')).toBe('a"b.txt')
    expect(parseMediaType("form-data; name=file; filename*=UTF-8''%E2%9C%93.txt").params.get('filename')).toBe('✓.txt')
  })

  it('yields no parameters when they are malformed, and an empty type for nothing', () => {
    expect(parseMediaType('form-data; name="unterminated').params.size).toBe(0)
    expect(parseMediaType('text/plain; a=1; a=2').params.size).toBe(0)
    expect(parseMediaType(undefined)).toEqual({ type: '', params: new Map() })
    expect(parseMediaType('').type).toBe('')
  })
})
