import { beforeEach, describe, expect, it, vi } from 'vitest'

// spy on the comparison the matcher must use, keeping the real implementation
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>()
  return { ...crypto, timingSafeEqual: vi.fn(crypto.timingSafeEqual) }
})

const { timingSafeEqual } = await import('node:crypto')
const { apiAuth } = await import('../../src/index.ts')
const { digestOf, matchSecret } = await import('../../src/secret-matcher.ts')
const { run, testContext } = await import('../fixtures/context.ts')

const spy = vi.mocked(timingSafeEqual)
beforeEach(() => { spy.mockClear() })

const entries = ['Bearer first', 'Bearer second', 'Basic dGhpcmQ6eA=='].map((header, i) => ({ name: `u${i}`, digest: digestOf(header) }))

describe('constant-time secret comparison', () => {
  it('compares fixed-length digests with timingSafeEqual against every entry, matched or not', () => {
    for (const [header, expected] of [['Bearer first', 'u0'], ['Basic dGhpcmQ6eA==', 'u2'], ['Bearer nope', undefined], [undefined, undefined]] as const) {
      spy.mockClear()
      expect(matchSecret(entries, header)?.name).toBe(expected)
      expect(spy).toHaveBeenCalledTimes(entries.length)
      for (const [a, b] of spy.mock.calls) {
        expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32])
      }
    }
  })

  it('digests a long header to the same length as a short one', () => {
    expect(digestOf('Bearer ' + 'x'.repeat(10_000))).toHaveLength(32)
    expect(digestOf('')).toHaveLength(32)
  })

  it('is what apiAuth uses on every request', async () => {
    const auth = apiAuth({ authorizations: { a: { AuthSecret: 'bearer:one', AllowedPaths: ['/api/v0'] }, b: { AuthSecret: 'bearer:two', AllowedPaths: ['/api/v0'] } } })
    await run(auth, testContext({ headers: { authorization: 'Bearer two' } }))
    await run(auth, testContext({ headers: { authorization: 'Bearer wrong' } }))
    await run(auth, testContext({}))
    expect(spy).toHaveBeenCalledTimes(6)
  })
})
