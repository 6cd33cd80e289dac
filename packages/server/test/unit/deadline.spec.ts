import { describe, expect, it } from 'vitest'
import { backstopOf, withDeadline } from '../../src/request/call-options.ts'

describe('the node\'s deadline for a caller\'s timeout', () => {
  it('is a backstop a little later: 10%, at least 500 ms, at most 5 s', () => {
    expect(backstopOf(100)).toBe(600)
    expect(backstopOf(2000)).toBe(2500)
    expect(backstopOf(20_000)).toBe(22_000)
    expect(backstopOf(3_600_000)).toBe(3_605_000)
  })

  it('fires at once for a timeout of zero or less, as Go\'s context.WithTimeout does', () => {
    expect(backstopOf(0)).toBe(0)
    const deadline = withDeadline(new AbortController().signal, backstopOf(0))
    expect(deadline.signal.aborted).toBe(true)
    expect(deadline.signal.reason).toMatchObject({ code: 'ERR_DEADLINE_EXCEEDED' })
    deadline.clear()
  })
})
