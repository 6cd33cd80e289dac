import { describe, expect, it } from 'vitest'
import { headerPolicy } from '../../src/index.ts'
import { run, testContext } from '../fixtures/context.ts'

describe('command headers, local policy', () => {
  it('is a named middleware', () => {
    expect(headerPolicy().name).toBe('headerPolicy')
  })

  it('puts Kubo\'s header set on command responses', async () => {
    const { ctx } = testContext()
    const { next } = await run(headerPolicy(), ctx)
    expect(next).toBe(true)
    // the Access-Control-*-Headers preamble is the server's, written once a command answers
    expect(Object.fromEntries(ctx.commandHeaders)).toEqual({ Server: 'kubo/0.42.0' })
  })

  it('turns the other API.HTTPHeaders entries into static headers, canonicalised', async () => {
    const { ctx } = testContext()
    await run(headerPolicy({
      server: 'composite/1.0.0',
      httpHeaders: { 'x-custom-header': ['a', 'b'], 'Access-Control-Allow-Origin': ['https://x.example.com'] }
    }), ctx)
    expect(Object.fromEntries(ctx.commandHeaders)).toEqual({
      Server: 'composite/1.0.0',
      'X-Custom-Header': ['a', 'b']
    })
  })

  it('leaves Server out when asked', async () => {
    const { ctx } = testContext()
    await run(headerPolicy({ server: false }), ctx)
    expect(ctx.commandHeaders.has('Server')).toBe(false)
  })

  it('sets no command headers on a refused request', async () => {
    const { ctx } = testContext({ headers: { Origin: 'https://invalid.example.com' } })
    const { error } = await run(headerPolicy(), ctx)
    expect(error?.name).toBe('ForbiddenError')
    expect(ctx.commandHeaders.size).toBe(0)
  })

  it('does nothing outside /api/v0', async () => {
    const { ctx, res } = testContext({ path: '/ipfs/bafy', headers: { Origin: 'https://invalid.example.com' } })
    const { next } = await run(headerPolicy(), ctx)
    expect(next).toBe(true)
    expect(res.headers.size).toBe(0)
    expect(ctx.commandHeaders.size).toBe(0)
  })
})

describe('command headers set by the server before the middleware', () => {
  it('replaces a server default whatever its case, and removes it when turned off', async () => {
    const { ctx } = testContext()
    ctx.commandHeaders.set('server', 'composite-default')
    await run(headerPolicy(), ctx)
    expect([...ctx.commandHeaders.entries()].filter(([k]) => k.toLowerCase() === 'server')).toEqual([['Server', 'kubo/0.42.0']])

    const off = testContext()
    off.ctx.commandHeaders.set('Server', 'composite-default')
    await run(headerPolicy({ server: false }), off.ctx)
    expect(off.ctx.commandHeaders.has('Server')).toBe(false)
  })

  it('sets none on a plain OPTIONS, which ends at the method gate', async () => {
    const { ctx } = testContext({ method: 'OPTIONS' })
    const { next } = await run(headerPolicy(), ctx)
    expect(next).toBe(true)
    expect(ctx.commandHeaders.size).toBe(0)
  })
})
