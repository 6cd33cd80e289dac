import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { testBackend } from '../fixtures/backend.ts'
import { headerLines } from '../fixtures/wire.ts'
import type { IpfsApiServer } from '../../src/index.ts'

describe('method gate, prefix and unknown commands (Kubo wire, checked against kubo 0.42)', () => {
  let server: IpfsApiServer
  afterEach(async () => { await server.close() })
  const start = (): IpfsApiServer => (server = ipfsApiServer({ backend: testBackend() }))

  it('refuses GET, HEAD, PUT and DELETE with 405 and Allow', async () => {
    start()
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const res = await server.inject({ method, path: '/api/v0/id' })
      expect(res.status).toBe(405)
      expect(res.text()).toBe('405 - Method Not Allowed\n')
      expect(headerLines(res)).toEqual([
        'Allow: OPTIONS, POST', 'Content-Type: text/plain; charset=utf-8', 'Vary: Origin', 'X-Content-Type-Options: nosniff', 'Content-Length: 25'
      ])
    }
    const head = await server.inject({ method: 'HEAD', path: '/api/v0/id' })
    expect(head.status).toBe(405)
    expect(head.headers.allow).toBe('OPTIONS, POST')
  })

  it('runs the method gate before the command lookup', async () => {
    start()
    expect((await server.inject({ method: 'GET', path: '/api/v0/nonexistent' })).status).toBe(405)
  })

  it('answers a plain OPTIONS with 204 and Allow', async () => {
    start()
    const res = await server.inject({ method: 'OPTIONS', path: '/api/v0/id' })
    expect(res.status).toBe(204)
    expect(res.body.length).toBe(0)
    expect(headerLines(res)).toEqual(['Allow: OPTIONS, POST', 'Vary: Origin'])
  })

  it('answers an unanswered preflight with 204 and no CORS headers', async () => {
    start()
    const res = await server.inject({ method: 'OPTIONS', path: '/api/v0/id', headers: { 'access-control-request-method': 'POST', origin: 'http://evil' } })
    expect(res.status).toBe(204)
    expect(headerLines(res)).toEqual(['Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers'])
  })

  it('answers CONNECT with an empty 200', async () => {
    start()
    const res = await server.inject({ method: 'CONNECT', path: 'localhost:1' })
    expect(res.status).toBe(200)
    expect(res.headers['content-length']).toBe('0')
  })

  it('answers 404 outside /api/v0, for any method, without Vary', async () => {
    start()
    for (const [method, path] of [['POST', '/foo'], ['GET', '/ipfs/Qm'], ['POST', '/api/v0foo']]) {
      const res = await server.inject({ method, path })
      expect(res.status).toBe(404)
      expect(res.text()).toBe('404 page not found\n')
      expect(headerLines(res)).toEqual(['Content-Type: text/plain; charset=utf-8', 'X-Content-Type-Options: nosniff', 'Content-Length: 19'])
    }
  })

  it('redirects the bare prefix like Go ServeMux', async () => {
    start()
    const res = await server.inject({ path: '/api/v0?x=1' })
    expect(res.status).toBe(307)
    expect(res.headers.location).toBe('/api/v0/?x=1')
  })

  it('answers 404 for unknown commands without a passthrough', async () => {
    start()
    for (const path of ['/api/v0/nonexistent', '/api/v0/', '/api/v0/files/ls', '/api/v0/pin/add/a/b']) {
      const res = await server.inject({ path })
      expect(res.status, path).toBe(404)
      expect(res.text()).toBe('404 page not found\n')
      expect(headerLines(res)).toEqual(['Content-Type: text/plain; charset=utf-8', 'Vary: Origin', 'X-Content-Type-Options: nosniff', 'Content-Length: 19'])
    }
  })

  it('answers NotSupportedError for a typed command the backend lacks', async () => {
    const backend = testBackend()
    delete backend.repoStat
    server = ipfsApiServer({ backend })
    const res = await server.inject({ path: '/api/v0/repo/stat' })
    expect(res.status).toBe(500)
    expect(res.json()).toEqual({ Message: 'this command is not supported by the backend of this composite node', Code: 2, Type: 'error' })
  })
})
