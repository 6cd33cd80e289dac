import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headerPolicy } from '../../src/index.ts'
import { startHarness } from '../fixtures/harness.ts'
import type { Harness } from '../fixtures/harness.ts'

describe('local policy over HTTP', () => {
  let node: Harness

  beforeAll(async () => {
    node = await startHarness(headerPolicy({ httpHeaders: { 'X-Custom-Header': ['yes'] } }))
  })

  afterAll(async () => {
    await node?.close()
  })

  it('allows the API\'s own origin, with the port the connection came in on', async () => {
    const res = await request(`${node.url}/api/v0/version`, { method: 'POST', headers: { origin: `http://127.0.0.1:${node.port}` } })
    expect(res.statusCode).toBe(200)
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': `http://127.0.0.1:${node.port}`,
      vary: 'Origin',
      server: 'kubo/0.42.0',
      'x-custom-header': 'yes'
    })
    await res.body.text()
  })

  it('refuses a foreign origin with Kubo\'s plain 403, without the command headers', async () => {
    const res = await request(`${node.url}/api/v0/version`, { method: 'POST', headers: { origin: 'http://127.0.0.1:1' } })
    expect(res.statusCode).toBe(403)
    expect(await res.body.text()).toBe('403 - Forbidden\n')
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.headers.vary).toBe('Origin')
    expect(res.headers.server).toBeUndefined()
    expect(res.headers['x-custom-header']).toBeUndefined()
  })

  it('refuses before the command lookup (403, not 404), and lets the method gate answer first (405)', async () => {
    const forbidden = await request(`${node.url}/api/v0/nonexistent`, { method: 'POST', headers: { origin: 'https://invalid.example.com' } })
    expect(forbidden.statusCode).toBe(403)
    await forbidden.body.dump()
    const get = await request(`${node.url}/api/v0/version`, { method: 'GET', headers: { origin: 'https://invalid.example.com' } })
    expect(get.statusCode).toBe(405)
    expect(get.headers.vary).toBe('Origin')
    await get.body.dump()
  })

  it('answers a preflight itself: 204, no body, never the method gate\'s Allow', async () => {
    const res = await request(`${node.url}/api/v0/version`, {
      method: 'OPTIONS',
      headers: { origin: `http://localhost:${node.port}`, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
    })
    expect(res.statusCode).toBe(204)
    expect(await res.body.text()).toBe('')
    expect(res.headers.allow).toBeUndefined()
    expect(res.headers).toMatchObject({
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      'access-control-allow-origin': `http://localhost:${node.port}`,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type'
    })
  })

  it('lets a plain OPTIONS through to the method gate, with CORS', async () => {
    const res = await request(`${node.url}/api/v0/version`, { method: 'OPTIONS', headers: { origin: `http://localhost:${node.port}` } })
    expect(res.statusCode).toBe(204)
    expect(res.headers).toMatchObject({ allow: 'OPTIONS, POST', vary: 'Origin', 'access-control-allow-origin': `http://localhost:${node.port}` })
    await res.body.dump()
  })
})
