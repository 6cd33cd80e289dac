import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { CID, testBackend } from '../fixtures/backend.ts'
import type { IpfsApiServer } from '../../src/index.ts'
import { UpstreamError } from '@composite-ipfs/interface'
import type { Middleware } from '@composite-ipfs/interface'

describe('the middleware chain in front of the core', () => {
  let server: IpfsApiServer
  afterEach(async () => { await server.close() })

  it('runs user middleware before the core, with the resolved command', async () => {
    const seen: Array<[string | undefined, string]> = []
    const observe: Middleware = async function observe (ctx, next) {
      seen.push([ctx.command, ctx.url.pathname])
      await next()
      seen.push([ctx.command, String(ctx.res.statusCode)])
    }
    server = ipfsApiServer({ backend: testBackend(), middleware: [observe] })
    await server.inject({ path: `/api/v0/pin/add/${CID}` })
    await server.inject({ path: '/api/v0/files/ls' })
    await server.inject({ path: '/webui' })
    expect(seen).toEqual([
      ['pin/add', `/api/v0/pin/add/${CID}`], ['pin/add', '200'],
      ['files/ls', '/api/v0/files/ls'], ['files/ls', '404'],
      [undefined, '/webui'], [undefined, '404']
    ])
  })

  it('adds commandHeaders to responses that reach a command only', async () => {
    const cors: Middleware = async function cors (ctx, next) {
      ctx.commandHeaders.set('Access-Control-Allow-Origin', '*')
      await next()
    }
    server = ipfsApiServer({ backend: testBackend({ async pinRm () { throw new Error('not pinned or pinned indirectly') } }), middleware: [cors] })
    expect((await server.inject({ path: '/api/v0/id' })).headers['access-control-allow-origin']).toBe('*')
    expect((await server.inject({ path: '/api/v0/pin/rm?arg=x' })).headers['access-control-allow-origin']).toBe('*')
    for (const path of ['/api/v0/nope', '/api/v0/pin/add']) {
      expect((await server.inject({ path })).headers['access-control-allow-origin'], path).toBeUndefined()
    }
    expect((await server.inject({ method: 'GET', path: '/api/v0/id' })).headers['access-control-allow-origin']).toBeUndefined()
  })

  it('lets middleware answer a preflight itself', async () => {
    const preflight: Middleware = async function preflight (ctx, next) {
      if (ctx.req.method === 'OPTIONS' && ctx.req.headers['access-control-request-method'] !== undefined) {
        ctx.res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'POST' }).end()
        return
      }
      await next()
    }
    server = ipfsApiServer({ backend: testBackend(), middleware: [preflight] })
    const res = await server.inject({ method: 'OPTIONS', path: '/api/v0/id', headers: { 'access-control-request-method': 'POST' } })
    expect(res.status).toBe(204)
    expect(res.headers['access-control-allow-methods']).toBe('POST')
  })

  it('merges the Vary header a middleware set with the core one', async () => {
    const vary: Middleware = async function vary (ctx, next) { ctx.res.setHeader('Vary', 'Origin'); await next() }
    server = ipfsApiServer({ backend: testBackend(), middleware: [vary] })
    expect((await server.inject({ path: '/api/v0/id' })).headers.vary).toBe('Origin')
  })

  it('survives a middleware that calls next() twice', async () => {
    const twice: Middleware = async function twice (_ctx, next) { await next(); await next() }
    server = ipfsApiServer({ backend: testBackend(), middleware: [twice] })
    const res = await server.inject({ path: '/api/v0/version' })
    expect(res.status).toBe(200)
    expect(res.json().Version).toBe('0.42.0')
  })

  it('answers 404 when the chain ends without an answer', async () => {
    server = ipfsApiServer({ backend: testBackend(), middleware: [async function swallow () {}] })
    expect((await server.inject({ path: '/api/v0/id' })).status).toBe(404)
  })

  it('passes callOptions (e.g. the hop chain) to every backend call', async () => {
    const backend = testBackend()
    server = ipfsApiServer({ backend, callOptions: (ctx) => ({ via: [String(ctx.req.headers['x-via'])], hops: 1 }) })
    await server.inject({ path: '/api/v0/id', headers: { 'x-via': 'node-a' } })
    expect(backend.calls.id[0].options).toMatchObject({ via: ['node-a'], hops: 1 })
  })

  it('shows outer middleware what failed (ctx.error), after the error was answered', async () => {
    const seen: Array<[number, string | undefined, string | undefined]> = []
    const log: Middleware = async function log (ctx, next) {
      await next()
      const err = ctx.error as { name?: string, code?: string } | undefined
      seen.push([ctx.res.statusCode, err?.name, err?.code])
    }
    const backend = testBackend({ async pinRm () { throw new UpstreamError('not pinned or pinned indirectly', { endpoint: 'http://k', upstreamStatus: 500 }) } })
    server = ipfsApiServer({ backend, middleware: [log] })
    await server.inject({ path: `/api/v0/pin/rm?arg=${CID}` })
    await server.inject({ path: '/api/v0/files/ls' })
    await server.inject({ path: '/api/v0/id' })
    expect(seen).toEqual([[500, 'UpstreamError', 'ERR_UPSTREAM'], [404, expect.any(String), expect.any(String)], [200, undefined, undefined]])
  })

  it('keeps its own state on a typed context: no symbol-keyed properties', async () => {
    let keys: Array<string | symbol> = []
    const look: Middleware = async function look (ctx, next) { await next(); keys = Reflect.ownKeys(ctx) }
    server = ipfsApiServer({ backend: testBackend(), middleware: [look] })
    await server.inject({ path: '/api/v0/id' })
    expect(keys.filter((key) => typeof key === 'symbol')).toEqual([])
  })
})
