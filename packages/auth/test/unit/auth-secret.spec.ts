import { describe, expect, it } from 'vitest'
import { authorizationHeaderOf } from '../../src/index.ts'

/** kubo config/api.go ConvertAuthSecret, case by case */
describe('AuthSecret to Authorization header, as Kubo ConvertAuthSecret', () => {
  it.each([
    ['myToken', 'Bearer myToken'],
    ['bearer:myToken', 'Bearer myToken'],
    ['bearer:with:colons', 'Bearer with:colons'],
    ['basic:user:pass', 'Basic dXNlcjpwYXNz'],
    ['basic:user:pa:ss', `Basic ${Buffer.from('user:pa:ss').toString('base64')}`],
    ['basic:dXNlcjpwYXNz', 'Basic dXNlcjpwYXNz'],
    ['basic:üser:päss', `Basic ${Buffer.from('üser:päss', 'utf8').toString('base64')}`],
    ['', ''],
    ['digest:abc', ''],
    ['Bearer:abc', ''],
    ['Basic:user:pass', ''],
    ['token:with-colon', '']
  ])('%j -> %j', (secret, header) => {
    expect(authorizationHeaderOf(secret)).toBe(header)
  })
})
