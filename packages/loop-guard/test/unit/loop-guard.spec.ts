import { describe, expect, it } from 'vitest'
import { HOPS_STATE_KEY, loopCallOptions, loopGuard, VIA_STATE_KEY } from '../../src/index.ts'
import { run, testContext } from '../fixtures/context.ts'

const guard = loopGuard({ nodeId: 'node-a' })
const via = (value: string, hops?: string): Record<string, string> => ({ 'x-composite-via': value, ...(hops === undefined ? {} : { 'x-composite-hops': hops }) })

describe('loopGuard', () => {
  it('starts a chain on a first hop and records what to forward', async () => {
    const ctx = testContext()
    expect(await run(guard, ctx)).toEqual({ next: true })
    expect(ctx.state.get(VIA_STATE_KEY)).toEqual(['node-a'])
    expect(ctx.state.get(HOPS_STATE_KEY)).toBe(1)
    expect(loopCallOptions(ctx)).toEqual({ via: ['node-a'], hops: 1 })
  })

  it('extends a chain that does not hold this node', async () => {
    const ctx = testContext({ headers: via('gw-eu, pin-1', '2') })
    expect(await run(guard, ctx)).toEqual({ next: true })
    expect(loopCallOptions(ctx)).toEqual({ via: ['gw-eu', 'pin-1', 'node-a'], hops: 3 })
  })

  it('refuses with 508, naming the loop, when this node is already in the chain', async () => {
    const { next, error } = await run(guard, testContext({ headers: via('node-a, node-b', '2') }))
    expect(next).toBe(false)
    expect(error?.code).toBe('ERR_LOOP_DETECTED')
    expect(error?.status).toBe(508)
    expect(error?.message).toBe('composition loop detected: request already went through node-a (chain: node-a -> node-b -> node-a)')
  })

  it('refuses with 508 once maxDepth hops were made, IDs or not', async () => {
    const shallow = loopGuard({ nodeId: 'node-a', maxDepth: 2 })
    expect((await run(shallow, testContext({ headers: via('x, y') }))).error?.status).toBe(508)
    expect((await run(shallow, testContext({ headers: { 'x-composite-hops': '2' } }))).error?.message)
      .toBe('composition loop detected: request already went through 2 composite nodes, maxDepth 2 at node-a (chain: node-a)')
    expect(await run(shallow, testContext({ headers: via('x', '1') }))).toEqual({ next: true })
    expect((await run(guard, testContext({ headers: { 'x-composite-hops': '8' } }))).error?.status).toBe(508)
    expect(await run(guard, testContext({ headers: { 'x-composite-hops': '7' } }))).toEqual({ next: true })
  })

  it('counts at least one hop per node in the chain, whatever the hop header says', async () => {
    const shallow = loopGuard({ nodeId: 'node-a', maxDepth: 3 })
    expect((await run(shallow, testContext({ headers: via('p, q, r', '0') }))).error?.status).toBe(508)
  })

  it('refuses malformed hop headers with 400, without quoting them', async () => {
    for (const headers of [via('a,,b'), via('a b'), via('<script>'), via('a;b'), { 'x-composite-hops': '-1' }, { 'x-composite-hops': '1.5' },
      { 'x-composite-hops': '1, 2' }, { 'x-composite-hops': 'x'.repeat(50) }, { 'x-composite-hops': '9999999' }]) {
      const { next, error } = await run(guard, testContext({ headers }))
      expect(next).toBe(false)
      expect(error?.code).toBe('ERR_INVALID_REQUEST')
      expect(error?.status).toBe(400)
      expect(error?.message).not.toMatch(/script|xxxx|9999999/)
    }
  })

  it('accepts the chain as node:http joins repeated headers', async () => {
    const ctx = testContext({ headers: via('a, b') })
    ;(ctx.req.headers as Record<string, unknown>)['x-composite-via'] = ['a', 'b']
    expect(await run(guard, ctx)).toEqual({ next: true })
    expect(loopCallOptions(ctx).via).toEqual(['a', 'b', 'node-a'])
  })

  it('checks its own settings', () => {
    expect(() => loopGuard({ nodeId: 'has space' })).toThrow(/node ID/)
    expect(() => loopGuard({ nodeId: 'a,b' })).toThrow(/node ID/)
    expect(() => loopGuard({ nodeId: 'a', maxDepth: 0 })).toThrow(RangeError)
  })

  it('loopCallOptions is empty without the guard', () => {
    expect(loopCallOptions(testContext())).toEqual({})
  })
})
