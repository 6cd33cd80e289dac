import { UpstreamUnavailableError } from '@composite-ipfs/interface'
import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { text } from '../fixtures/backend.ts'
import { headerLines } from '../fixtures/wire.ts'
import type { IpfsApiServer } from '../../src/index.ts'
import type { Backend, RawRequest, RawResponse } from '@composite-ipfs/interface'

const kuboHeaders = {
  'Access-Control-Allow-Headers': 'X-Stream-Output, X-Chunked-Output, X-Content-Length',
  'Access-Control-Expose-Headers': 'X-Stream-Output, X-Chunked-Output, X-Content-Length',
  'Content-Type': 'application/json',
  Server: 'kubo/0.42.0',
  Trailer: 'X-Stream-Error',
  Vary: 'Origin',
  'Transfer-Encoding': 'chunked'
}

async function * chunks (...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Buffer.from(part)
}

describe('passthrough of commands without a typed handler', () => {
  let server: IpfsApiServer
  afterEach(async () => { await server.close() })

  function start (respond: (request: RawRequest, body: string) => RawResponse | Promise<RawResponse>, extra: Partial<Backend> = {}): RawRequest[] {
    const seen: RawRequest[] = []
    const backend: Backend = {
      name: 'forwarding',
      async passthrough (request) {
        seen.push(request)
        return await respond(request, request.body === undefined ? '' : await text(request.body))
      },
      ...extra
    }
    server = ipfsApiServer({ backend, serverHeader: 'kubo/0.42.0-composite' })
    return seen
  }

  it('never forwards decoded paths that would change meaning upstream: 404 like Kubo', async () => {
    const seen = start(() => ({ status: 200, headers: kuboHeaders, body: chunks('{}\n') }))
    for (const path of ['files%2Fls%3Fl=true', 'id%2F..%2Fconfig%2Fshow', 'files/ls%23x', 'files%252Fls', 'files/ls%5Cx', 'files/ls%00']) {
      const res = await server.inject({ path: `/api/v0/${path}` })
      expect(res.status, path).toBe(404)
      expect(res.text()).toBe('404 page not found\n')
    }
    expect(seen).toEqual([])
    const ok = await server.inject({ path: '/api/v0/files/ls' })
    expect(ok.status).toBe(200)
  })

  it('forwards the raw request and streams the answer back with its status, headers and trailers', async () => {
    let received = ''
    const seen = start((_request, body) => {
      received = body
      return { status: 200, headers: kuboHeaders, body: chunks('{"Keys":', '[]}\n'), trailers: Promise.resolve({ 'X-Stream-Error': 'late' }) }
    })
    const res = await server.inject({
      path: '/api/v0/files/ls?l=true&arg=a&arg=b',
      headers: { origin: 'http://evil', 'user-agent': 'Mozilla/5.0', authorization: 'Bearer x', 'content-type': 'text/plain' },
      body: 'payload'
    })
    expect(seen[0]).toMatchObject({ command: 'files/ls', query: 'l=true&arg=a&arg=b', headers: { 'content-type': 'text/plain', 'content-length': '7' } })
    expect(received).toBe('payload')
    expect(res.status).toBe(200)
    expect(res.text()).toBe('{"Keys":[]}\n')
    expect(headerLines(res)).toEqual([
      'Access-Control-Allow-Headers: X-Stream-Output, X-Chunked-Output, X-Content-Length',
      'Access-Control-Expose-Headers: X-Stream-Output, X-Chunked-Output, X-Content-Length',
      'Content-Type: application/json', 'Server: kubo/0.42.0-composite', 'Trailer: X-Stream-Error', 'Vary: Origin', 'Transfer-Encoding: chunked'
    ])
    expect(res.trailers).toEqual({ 'x-stream-error': 'late' })
  })

  it('forwards a typed command the backend has no method for, path argument included', async () => {
    const seen = start(() => ({ status: 200, headers: kuboHeaders, body: chunks('{"Pins":["x"]}\n') }))
    const res = await server.inject({ path: '/api/v0/pin/add/x?recursive=true' })
    expect(seen[0]).toMatchObject({ command: 'pin/add', query: 'recursive=true' })
    expect(res.json()).toEqual({ Pins: ['x'] })
  })

  it('leaves upstream transport errors as they are (no Server header)', async () => {
    start(() => ({ status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': '19' }, body: chunks('404 page not found\n') }))
    const res = await server.inject({ path: '/api/v0/nope' })
    expect(res.status).toBe(404)
    expect(res.text()).toBe('404 page not found\n')
    expect(res.headers.server).toBeUndefined()
    expect(res.headers['content-length']).toBe('19')
  })

  it('answers an unreachable upstream with a 500 JSON error', async () => {
    start(() => { throw new UpstreamUnavailableError('no upstream answered') })
    const res = await server.inject({ path: '/api/v0/files/ls' })
    expect(res.status).toBe(500)
    expect(res.json()).toEqual({ Message: 'no upstream answered', Code: 0, Type: 'error' })
  })

  it('mirrors an upstream body that breaks as an abnormal end', async () => {
    start(() => ({
      status: 200,
      headers: kuboHeaders,
      body: (async function * () { yield Buffer.from('{"a":1}\n'); throw new Error('upstream reset') })()
    }))
    const res = await server.inject({ path: '/api/v0/files/ls' })
    expect(res.status).toBe(200)
    expect(res.complete).toBe(false)
    expect(res.text()).toBe('{"a":1}\n')
  })

  it('does not forward a body the client did not send', async () => {
    const seen = start(() => ({ status: 200, headers: {}, body: chunks() }))
    await server.inject({ path: '/api/v0/files/ls' })
    expect(seen[0].body).toBeUndefined()
  })
})
