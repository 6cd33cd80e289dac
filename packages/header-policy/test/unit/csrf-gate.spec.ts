import { describe, expect, it } from 'vitest'
import { headerPolicy } from '../../src/index.ts'
import { run, testContext } from '../fixtures/context.ts'
import type { ContextInit } from '../fixtures/context.ts'
import type { HeaderPolicyInit } from '../../src/index.ts'

const MOZILLA = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'

async function verdict (init: HeaderPolicyInit, request: ContextInit): Promise<{ status: number, acao?: unknown, next: boolean }> {
  const { ctx, res } = testContext(request)
  const { next, error } = await run(headerPolicy(init), ctx)
  if (error !== undefined) {
    expect(error).toMatchObject({ name: 'ForbiddenError', code: 'ERR_FORBIDDEN', status: 403, transport: true, message: '403 - Forbidden' })
  }
  return { status: error === undefined ? 200 : 403, acao: res.getHeader('access-control-allow-origin'), next }
}

describe('CSRF gate, local policy (go-ipfs-cmds http/config.go, Kubo t0401)', () => {
  // the t0401 matrix, on API port 5001
  it.each<[string, Record<string, string>, number]>([
    ['a Mozilla UA without Origin or Referer', { 'User-Agent': MOZILLA }, 403],
    ['an Electron UA without Origin or Referer', { 'User-Agent': `${MOZILLA} Electron/30.0.0` }, 200],
    ['curl without Origin', { 'User-Agent': 'curl/8.5.0' }, 200],
    ['no headers at all', {}, 200],
    ['an invalid Origin', { Origin: 'https://invalid.example.com' }, 403],
    ['Origin http://127.0.0.1:<port>', { Origin: 'http://127.0.0.1:5001' }, 200],
    ['Origin https://127.0.0.1:<port>', { Origin: 'https://127.0.0.1:5001' }, 200],
    ['Origin http://[::1]:<port>', { Origin: 'http://[::1]:5001' }, 200],
    ['Origin http://localhost:<port>', { Origin: 'http://localhost:5001' }, 200],
    ['Origin localhost on another port', { Origin: 'http://localhost:5002' }, 403],
    ['Origin localhost in upper case (the gate is case-sensitive)', { Origin: 'http://LOCALHOST:5001' }, 403],
    ['the IPFS Companion extension', { Origin: 'chrome-extension://nibjojkomfdiaoajekhjakgkdhaomnch' }, 200],
    ['the IPFS Companion beta extension', { Origin: 'chrome-extension://hjoieblefckbooibpepigmacodalfndh' }, 200],
    ['an arbitrary chrome extension', { Origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' }, 403],
    ['a Referer on the API port', { Referer: 'http://localhost:5001/webui/#/files' }, 200],
    ['a foreign Referer', { Referer: 'https://evil.example.com/page' }, 403],
    ['an unparsable Referer', { Referer: 'http://localhost:5001/%zz' }, 403],
    ['an allowed Origin with a foreign Referer', { Origin: 'http://localhost:5001', Referer: 'https://evil.example.com/' }, 403],
    ['a Mozilla UA with an allowed Origin', { 'User-Agent': MOZILLA, Origin: 'http://localhost:5001' }, 200]
  ])('POST with %s -> %i', async (_, headers, status) => {
    expect((await verdict({}, { headers })).status).toBe(status)
  })

  it('allows a configured origin, also through API.HTTPHeaders, and keeps the companion IDs', async () => {
    const viaConfig = { httpHeaders: { 'Access-Control-Allow-Origin': ['https://valid.example.com'] } }
    expect((await verdict(viaConfig, { headers: { Origin: 'https://valid.example.com' } })).status).toBe(200)
    expect((await verdict(viaConfig, { headers: { Origin: 'chrome-extension://nibjojkomfdiaoajekhjakgkdhaomnch' } })).status).toBe(200)
    expect((await verdict({ allowedOrigins: ['https://valid.example.com'] }, { headers: { Origin: 'https://valid.example.com' } })).status).toBe(200)
  })

  it('allows everything with *, including Origin: null, and answers ACAO *', async () => {
    const result = await verdict({ allowedOrigins: ['*'] }, { headers: { Origin: 'null', 'User-Agent': MOZILLA } })
    expect(result).toEqual({ status: 200, acao: '*', next: true })
    expect((await verdict({ allowedOrigins: ['*'] }, { headers: { Referer: 'foo' } })).status).toBe(200)
    // Go fails to parse this one, and refuses it before looking at the allowed list
    expect((await verdict({ allowedOrigins: ['*'] }, { headers: { Referer: 'http://a b@x/' } })).status).toBe(403)
  })

  it('keeps the CORS answer on a refused request, as rs/cors runs first', async () => {
    const result = await verdict({}, { headers: { Origin: 'http://localhost:5001', Referer: 'https://evil.example.com/' } })
    expect(result).toEqual({ status: 403, acao: 'http://localhost:5001', next: false })
  })

  it('gives CORS headers to rs/cors wildcard and case matches, yet refuses them (exact match only)', async () => {
    const wildcard = await verdict({ allowedOrigins: ['https://*.example.com'] }, { headers: { Origin: 'https://a.example.com' } })
    expect(wildcard).toEqual({ status: 403, acao: 'https://a.example.com', next: false })
    const upper = await verdict({}, { headers: { Origin: 'HTTP://LOCALHOST:5001' } })
    expect(upper).toEqual({ status: 403, acao: 'HTTP://LOCALHOST:5001', next: false })
  })

  it('leaves non-POST requests to the method gate', async () => {
    const result = await verdict({}, { method: 'GET', headers: { Origin: 'https://invalid.example.com', 'User-Agent': MOZILLA } })
    expect(result).toEqual({ status: 200, acao: undefined, next: true })
  })

  it('uses apiPort over the connection port, and keeps <port> on a unix socket', async () => {
    expect((await verdict({ apiPort: 8080 }, { headers: { Origin: 'http://localhost:8080' } })).status).toBe(200)
    expect((await verdict({ apiPort: 8080 }, { headers: { Origin: 'http://localhost:5001' } })).status).toBe(403)
    expect((await verdict({}, { port: undefined, headers: { Origin: 'http://localhost:<port>' } })).status).toBe(200)
  })
})
