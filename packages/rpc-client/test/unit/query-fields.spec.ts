import { commands, globalOptions, optionKey } from '@composite-ipfs/interface'
import { describe, expect, it } from 'vitest'
import { toQuery } from '../../src/query.ts'
import type { CommandSpec, OptionSpec } from '@composite-ipfs/interface'

/** Option values of every kind toQuery meets: each declared option gets one, in turn */
const SAMPLES: unknown[] = [true, false, 0, 7, -1.5, Number.NaN, 12n, '', 'text & more=1', ['a', 'b'], [true, 3, undefined], null, undefined, { x: 1 }]

/** The rule toQuery implements, written the slow, obvious way: key conversion on every call */
function reference (spec: CommandSpec, args: string[], options: Record<string, unknown>): string {
  const query = new URLSearchParams()
  for (const arg of args) query.append('arg', arg)
  const seen = new Set<string>()
  for (const option of [...spec.options, ...globalOptions] as OptionSpec[]) {
    if (seen.has(option.name)) continue
    seen.add(option.name)
    const value = options[optionKey(option.name)]
    if (option.name === 'timeout' && typeof value === 'number' && Number.isFinite(value)) {
      query.append(option.name, `${value}ms`) // the caller's timeout in ms, as a Go duration
      continue
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'boolean') query.append(option.name, item ? 'true' : 'false')
      else if (typeof item === 'number' && Number.isFinite(item)) query.append(option.name, String(item))
      else if (typeof item === 'bigint' || typeof item === 'string') query.append(option.name, item.toString())
    }
  }
  return query.toString()
}

describe('toQuery with fields worked out once per spec', () => {
  it('writes what the per-call rule writes, for every command and every kind of value, call after call', () => {
    for (let pass = 0; pass < 2; pass++) {
      for (const spec of Object.values(commands) as CommandSpec[]) {
        SAMPLES.forEach((sample, i) => {
          const options: Record<string, unknown> = { signal: AbortSignal.timeout(1000), via: ['n'], hops: 1, unrelated: 'x' }
          spec.options.forEach((option, j) => { options[optionKey(option.name)] = SAMPLES[(i + j + pass) % SAMPLES.length] })
          options.timeout = sample
          const args = i % 2 === 0 ? [] : ['bafy1', 'b&2']
          expect(toQuery(spec, args, options).toString(), spec.path).toBe(reference(spec, args, options))
        })
        expect(toQuery(spec, []).toString()).toBe('')
      }
    }
  })
})
