import { describe, expect, it } from 'vitest'
import { headerPolicy } from '../../src/index.ts'
import { run, testContext } from '../fixtures/context.ts'
import type { HeaderPolicyInit } from '../../src/index.ts'

const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'

async function preflight (init: HeaderPolicyInit, headers: Record<string, string>): Promise<Record<string, unknown>> {
  const { ctx, res } = testContext({ method: 'OPTIONS', headers })
  const { next, error } = await run(headerPolicy(init), ctx)
  expect(error).toBeUndefined()
  expect(next).toBe(false)
  expect(res.statusCode).toBe(204)
  expect(res.ended).toBe(true)
  expect(ctx.commandHeaders.size).toBe(0)
  return Object.fromEntries(res.headers)
}

describe('CORS answers, local policy (rs/cors v1.11.1 as go-ipfs-cmds configures it)', () => {
  it('answers an allowed preflight with 204 and echoes the method and headers', async () => {
    const headers = await preflight({}, {
      Origin: 'http://localhost:5001',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,x-requested-with'
    })
    expect(headers).toEqual({
      vary: PREFLIGHT_VARY,
      'access-control-allow-origin': 'http://localhost:5001',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type,x-requested-with'
    })
  })

  it.each<[string, Record<string, string>]>([
    ['a foreign origin', { Origin: 'https://invalid.example.com', 'Access-Control-Request-Method': 'POST' }],
    ['no origin', { 'Access-Control-Request-Method': 'POST' }],
    ['a method outside AllowedMethods', { Origin: 'http://localhost:5001', 'Access-Control-Request-Method': 'FOOBAR' }],
    ['a header outside AllowedHeaders', { Origin: 'http://localhost:5001', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-custom' }],
    ['a header not lower-cased as Fetch sends it', { Origin: 'http://localhost:5001', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'Content-Type' }],
    ['headers out of order', { Origin: 'http://localhost:5001', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-requested-with,accept' }]
  ])('answers a preflight with %s with 204 and Vary only', async (_, request) => {
    expect(await preflight({}, request)).toEqual({ vary: PREFLIGHT_VARY })
  })

  it('answers * and credentials when configured', async () => {
    const headers = await preflight({ allowedOrigins: ['*'], allowCredentials: true }, { Origin: 'https://any.example.com', 'Access-Control-Request-Method': 'POST' })
    expect(headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' })
  })

  it('takes origins, methods and credentials from API.HTTPHeaders like Kubo', async () => {
    const init = {
      httpHeaders: {
        'Access-Control-Allow-Origin': ['https://valid.example.com'],
        'Access-Control-Allow-Methods': ['PUT', 'POST', 'GET'],
        'access-control-allow-credentials': 'true'
      }
    }
    const headers = await preflight(init, { Origin: 'https://valid.example.com', 'Access-Control-Request-Method': 'PUT' })
    expect(headers).toMatchObject({ 'access-control-allow-origin': 'https://valid.example.com', 'access-control-allow-methods': 'PUT', 'access-control-allow-credentials': 'true' })
  })

  it('always allows OPTIONS as a requested method', async () => {
    const headers = await preflight({}, { Origin: 'http://localhost:5001', 'Access-Control-Request-Method': 'OPTIONS' })
    expect(headers).toMatchObject({ 'access-control-allow-methods': 'OPTIONS' })
  })

  it('adds Vary: Origin to every other request, and ACAO only for an allowed origin and method', async () => {
    const cases: Array<[string, Record<string, string>, unknown]> = [
      ['POST', { Origin: 'http://localhost:5001' }, 'http://localhost:5001'],
      ['POST', { Origin: 'https://invalid.example.com' }, undefined],
      ['POST', {}, undefined],
      ['GET', { Origin: 'http://localhost:5001' }, undefined],
      ['OPTIONS', { Origin: 'http://localhost:5001' }, 'http://localhost:5001']
    ]
    for (const [method, headers, acao] of cases) {
      const { ctx, res } = testContext({ method, headers })
      await run(headerPolicy(), ctx)
      expect(res.getHeader('vary')).toBe('Origin')
      expect(res.getHeader('access-control-allow-origin')).toBe(acao)
    }
  })

  it('gives GET an ACAO once GET is an allowed method', async () => {
    const { ctx, res } = testContext({ method: 'GET', headers: { Origin: 'http://localhost:5001' } })
    await run(headerPolicy({ allowedMethods: ['GET', 'POST'] }), ctx)
    expect(res.getHeader('access-control-allow-origin')).toBe('http://localhost:5001')
  })
})
