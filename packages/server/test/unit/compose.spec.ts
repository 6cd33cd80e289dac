import { describe, expect, it } from 'vitest'
import { compose } from '../../src/compose.ts'
import type { Middleware, RequestContext } from '@composite-ipfs/interface'

const ctx = {} as unknown as RequestContext

describe('compose', () => {
  it('runs middleware in order around next()', async () => {
    const order: string[] = []
    const mw = (name: string): Middleware => async function named (_ctx, next) { order.push(`${name}>`); await next(); order.push(`<${name}`) }
    await compose([mw('a'), mw('b')])(ctx, async () => { order.push('core') })
    expect(order).toEqual(['a>', 'b>', 'core', '<b', '<a'])
  })

  it('stops when a middleware does not call next()', async () => {
    let reached = false
    await compose([async function stop () {}])(ctx, async () => { reached = true })
    expect(reached).toBe(false)
  })

  it('throws when next() is called twice', async () => {
    const twice: Middleware = async function twice (_ctx, next) { await next(); await next() }
    await expect(compose([twice])(ctx)).rejects.toThrow('next() called multiple times')
  })

  it('propagates errors thrown anywhere in the chain', async () => {
    const seen: unknown[] = []
    const outer: Middleware = async function outer (_ctx, next) { try { await next() } catch (err) { seen.push(err); throw err } }
    const boom = new Error('boom')
    await expect(compose([outer])(ctx, async () => { throw boom })).rejects.toBe(boom)
    expect(seen).toEqual([boom])
  })
})

describe('compose with an error writer', () => {
  it('answers an error where it was thrown, so outer middleware see the answer', async () => {
    const order: string[] = []
    const outer: Middleware = async function outer (_ctx, next) { await next(); order.push('outer after next') }
    await compose([outer], (err) => { order.push(`answered ${(err as Error).message}`) })(ctx, async () => { throw new Error('404') })
    expect(order).toEqual(['answered 404', 'outer after next'])
  })
})
