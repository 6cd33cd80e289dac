import { describe, expect, it } from 'vitest'
import { isTransportError, RetryableStatusError, shouldFailover } from '../../src/failover.ts'
import { isIdempotent } from '../../src/idempotence.ts'

const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })

describe('shouldFailover', () => {
  it('moves a write on only when nothing was sent', () => {
    expect(shouldFailover(refused, { started: false, idempotent: false, replayable: true })).toBe(true)
    expect(shouldFailover(reset, { started: true, idempotent: false, replayable: true })).toBe(false)
    expect(shouldFailover(new RetryableStatusError(503, ''), { started: true, idempotent: false, replayable: true })).toBe(false)
  })

  it('moves a read on after transport failures and retryable statuses', () => {
    expect(shouldFailover(reset, { started: true, idempotent: true, replayable: true })).toBe(true)
    expect(shouldFailover(new RetryableStatusError(503, ''), { started: true, idempotent: true, replayable: true })).toBe(true)
    expect(shouldFailover(new Error('bug'), { started: false, idempotent: true, replayable: true })).toBe(false)
  })

  it('never replays a consumed stream body', () => {
    expect(shouldFailover(refused, { started: false, idempotent: true, replayable: false })).toBe(false)
  })

  it('counts TLS refusals as transport errors', () => {
    expect(isTransportError({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })).toBe(true)
    expect(isTransportError({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' })).toBe(true)
    expect(isTransportError({ code: 'UND_ERR_INVALID_ARG' })).toBe(false)
  })
})

describe('isIdempotent', () => {
  it('follows the command specs', () => {
    expect(isIdempotent('POST', '/api/v0/pin/ls')).toBe(true)
    expect(isIdempotent('POST', '/api/v0/repo/stat?size-only=true')).toBe(true)
    expect(isIdempotent('POST', '/api/v0/pin/add')).toBe(false)
    expect(isIdempotent('POST', '/api/v0/key/gen')).toBe(false)
    expect(isIdempotent('GET', '/pins')).toBe(true)
    expect(isIdempotent('POST', '/pins/x')).toBe(false)
  })
})
