import { describe, expect, it } from 'vitest'
import { parseDuration } from '../../src/request/duration.ts'

describe('Go ParseDuration for the timeout option', () => {
  it('parses terms and units', () => {
    const cases: Array<[string, number]> = [
      ['1000ms', 1000], ['10s', 10_000], ['1m30s', 90_000], ['500us', 0.5], ['500µs', 0.5], ['500μs', 0.5], ['2h', 7_200_000],
      ['1.5s', 1500], ['.5s', 500], ['1.s', 1000], ['0', 0], ['-1s', -1000], ['+2ms', 2], ['1h2m3s4ms5us6ns', 3_723_004.005006], ['100ns', 0.0001]
    ]
    for (const [input, ms] of cases) expect(parseDuration(input), input).toBeCloseTo(ms, 9)
  })

  it('refuses what Go refuses', () => {
    for (const bad of ['', '1', '10', 's', '.s', '1x', '1 s', 'xyz', '-', '1sm', '9999999999999999999h']) {
      expect(parseDuration(bad), bad).toBeUndefined()
    }
  })
})
