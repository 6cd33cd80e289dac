import { describe, expect, it } from 'vitest'
import { parseBool, parseInt64, parseUint64 } from '../../src/request/strconv.ts'

describe('Go strconv for option values', () => {
  it('parses bools like ParseBool on the lower-cased value', () => {
    for (const t of ['1', 't', 'T', 'true', 'TRUE', 'True', 'tRuE']) expect(parseBool(t)).toBe(true)
    for (const f of ['0', 'f', 'F', 'false', 'FALSE', 'False']) expect(parseBool(f)).toBe(false)
    for (const bad of ['yes', 'no', 'on', '2', ' true', '']) expect(parseBool(bad)).toBeUndefined()
  })

  it('parses int32 with base prefixes and separators like ParseInt(v, 0, 32)', () => {
    const cases: Array<[string, bigint | undefined]> = [
      ['0', 0n], ['42', 42n], ['-42', -42n], ['+7', 7n], ['0x1F', 31n], ['0X1f', 31n], ['0o17', 15n], ['017', 15n],
      ['0b101', 5n], ['1_000', 1000n], ['0x_1F', 31n], ['0_7', 7n], ['2147483647', 2147483647n], ['-2147483648', -2147483648n],
      ['2147483648', undefined], ['-2147483649', undefined], ['08', undefined], ['0x', undefined], ['1__0', undefined],
      ['_1', undefined], ['1_', undefined], ['1.5', undefined], ['abc', undefined], ['', undefined], ['-', undefined], [' 1', undefined]
    ]
    for (const [input, expected] of cases) expect(parseInt64(input, 32), input).toBe(expected)
  })

  it('parses int64 and uint64 without precision loss', () => {
    expect(parseInt64('9223372036854775807', 64)).toBe(9223372036854775807n)
    expect(parseInt64('9223372036854775808', 64)).toBeUndefined()
    expect(parseUint64('18446744073709551615', 64)).toBe(18446744073709551615n)
    expect(parseUint64('18446744073709551616', 64)).toBeUndefined()
  })

  it('refuses signs for unsigned values like ParseUint', () => {
    expect(parseUint64('+1', 32)).toBeUndefined()
    expect(parseUint64('-1', 32)).toBeUndefined()
    expect(parseUint64('4294967295', 32)).toBe(4294967295n)
    expect(parseUint64('4294967296', 32)).toBeUndefined()
  })
})
