import { ipfsApiServer } from '@composite-ipfs/server'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCESS_DENIED_MESSAGE, apiAuth } from '../../src/index.ts'
import type { AuthPrincipal } from '../../src/index.ts'
import type { Backend, Middleware } from '@composite-ipfs/interface'
import type { IpfsApiServer } from '@composite-ipfs/server'

/**
 * apiAuth in front of the real server, over real sockets. The backend is a small in-process
 * implementation: what is under test is the HTTP answer, not the backend.
 */
const SECRET = 'S3cr3t-Qw8'
const backend: Backend = {
  name: 'test',
  async id () { return { ID: '12D3KooWAmaccodVQwLNqHrBHqTReZy5wHUxLhqn4YjqNB8gwLh5', Addresses: [] } },
  async version () { return { Version: '0.42.0' } }
}
const principals: unknown[] = []
const recordPrincipal: Middleware = async function recordPrincipal (ctx, next) {
  principals.push(ctx.state.get('auth'))
  await next()
}

let server: IpfsApiServer
let url: string
beforeAll(async () => {
  server = ipfsApiServer({
    backend,
    middleware: [
      apiAuth({ authorizations: { ops: { AuthSecret: `bearer:${SECRET}`, AllowedPaths: ['/api/v0/id'] } } }),
      recordPrincipal
    ]
  })
  const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
  url = address?.url ?? ''
})
afterAll(async () => { await server?.close() })

async function post (path: string, headers: Record<string, string> = {}, method = 'POST'): Promise<{ status: number, headers: Record<string, unknown>, text: string }> {
  const res = await request(`${url}${path}`, { method: method as 'POST', headers })
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() }
}

describe('apiAuth over HTTP', () => {
  it('answers a refusal exactly as Kubo: 403, text/plain, the message and a newline, no Server header', async () => {
    const res = await post('/api/v0/id')
    expect(res.status).toBe(403)
    expect(res.text).toBe(`${ACCESS_DENIED_MESSAGE}\n`)
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers.server).toBeUndefined()
  })

  it('lets a valid secret through and hands the principal to later middleware', async () => {
    principals.length = 0
    const res = await post('/api/v0/id', { authorization: `Bearer ${SECRET}` })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text).ID).toMatch(/^12D3KooW/)
    expect(principals).toEqual([{ name: 'ops', scope: 'full' } satisfies AuthPrincipal])
  })

  it('allows version, refuses paths outside AllowedPaths', async () => {
    expect((await post('/api/v0/version', { authorization: `Bearer ${SECRET}` })).status).toBe(200)
    expect((await post('/api/v0/config/show', { authorization: `Bearer ${SECRET}` })).status).toBe(403)
  })

  it('refuses a preflight without Authorization (auth sits before CORS), and GET before the method gate', async () => {
    const preflight = await post('/api/v0/id', { origin: `${url}`, 'access-control-request-method': 'POST' }, 'OPTIONS')
    expect(preflight.status).toBe(403)
    expect(preflight.text).toBe(`${ACCESS_DENIED_MESSAGE}\n`)
    expect((await post('/api/v0/id', {}, 'GET')).status).toBe(403)
    expect((await post('/api/v0/id', { authorization: `Bearer ${SECRET}` }, 'GET')).status).toBe(405)
  })

  it('never echoes the Authorization header, allowed or refused', async () => {
    for (const [path, header] of [['/api/v0/id', `Bearer ${SECRET}`], ['/api/v0/id', `Bearer ${SECRET}-wrong`], ['/api/v0/shutdown', `Bearer ${SECRET}`]] as const) {
      const res = await post(path, { authorization: header })
      expect(`${JSON.stringify(res.headers)}${res.text}`).not.toContain('S3cr3t')
    }
  })
})
