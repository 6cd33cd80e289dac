/**
 * HTTP/1.0 clients (nginx's default `proxy_http_version`, HAProxy health checks, `ab`, `curl -0`)
 * cannot take a chunked body, so there is no trailer to carry `X-Stream-Error`: a response must
 * not declare one (node refuses to write such a head), and an error after the first byte must
 * reach the client as an abnormal end of the body.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { CID, testBackend } from '../fixtures/backend.ts'
import { rawSocket } from '../fixtures/raw-socket.ts'
import type { IpfsApiServer } from '../../src/index.ts'
import type { Backend, RawResponse } from '@composite-ipfs/interface'

describe('HTTP/1.0 clients', () => {
  let server: IpfsApiServer
  afterEach(async () => { await server.close() })
  const http10 = async (path: string, overrides: Partial<Backend> = {}): Promise<{ head: string, body: string, closedAfter?: number, resetAfter?: number }> => {
    server = ipfsApiServer({ backend: testBackend(overrides) })
    const [{ url }] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
    const { port } = new URL(url)
    const res = await rawSocket(Number(port), { head: `POST ${path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n`, waitMs: 5_000 })
    const at = res.text.indexOf('\r\n\r\n')
    return { head: at === -1 ? res.text : res.text.slice(0, at), body: at === -1 ? '' : res.text.slice(at + 4), closedAfter: res.closedAfter, resetAfter: res.resetAfter }
  }

  it('get a single value whole, with no Trailer and no chunking, and the connection closed after it', async () => {
    const res = await http10('/api/v0/version')
    expect(res.head).toMatch(/^HTTP\/1\.[01] 200 OK\r\n/)
    expect(res.head).not.toMatch(/^Trailer:/mi)
    expect(res.head).not.toMatch(/^Transfer-Encoding:/mi)
    expect(res.body).toBe('{"Version":"0.42.0","Commit":"","Repo":"18","System":"amd64/linux","Golang":"go1.26.8"}\n')
    expect(res.closedAfter).toBeDefined()
  })

  it('get a stream and bytes whole', async () => {
    const refs = await http10('/api/v0/refs/local?stream-channels=true')
    expect(refs.head).toMatch(/^HTTP\/1\.[01] 200 OK\r\n/)
    expect(refs.head).toMatch(/^X-Chunked-Output: 1$/m)
    expect(refs.body).toContain(`{"Ref":"${CID}","Err":""}\n`)
    const cat = await http10(`/api/v0/cat?arg=${CID}`)
    expect(cat.head).toMatch(/^X-Stream-Output: 1$/m)
    expect(cat.body).toBe((await server.inject({ path: `/api/v0/cat?arg=${CID}` })).text())
  })

  it('get an error before the first byte as HTTP/1.1 clients do', async () => {
    const res = await http10('/api/v0/cat')
    expect(res.head).toMatch(/^HTTP\/1\.[01] 400 Bad Request\r\n/)
    expect(res.body).toBe((await server.inject({ path: '/api/v0/cat' })).text())
    const failed = await http10(`/api/v0/cat?arg=${CID}`, { cat: async () => { throw new Error('no such block') } })
    expect(failed.head).toMatch(/^HTTP\/1\.[01] 500 Internal Server Error\r\n/)
    expect(failed.body).toBe((await server.inject({ path: `/api/v0/cat?arg=${CID}` })).text())
  })

  it('see an error after the first byte as an abnormal end: the connection is reset, never closed cleanly', async () => {
    const res = await http10('/api/v0/refs/local?stream-channels=true', {
      async * refsLocal () {
        yield { Ref: CID, Err: '' }
        throw new Error('the backend broke mid-stream')
      }
    })
    // no trailer can say it, and a clean end (FIN) would read as a complete answer: a reset
    // cannot. What was written before it may or may not arrive first; never more than that
    expect(res.resetAfter).toBeDefined()
    expect(`HTTP/1.1 200 OK\r\n`.startsWith(res.head.slice(0, 17)) || res.head.startsWith('HTTP/1.1 200 OK')).toBe(true)
    expect(`{"Ref":"${CID}","Err":""}\n`.startsWith(res.body)).toBe(true)
  })

  it('get a passthrough answer whole, its upstream trailer dropped', async () => {
    const res = await http10('/api/v0/bitswap/stat', {
      async passthrough (): Promise<RawResponse> {
        return { status: 200, headers: { 'content-type': 'application/json', trailer: 'X-Stream-Error' }, body: (async function * () { yield new TextEncoder().encode('{"Wantlist":[]}\n') })(), trailers: Promise.resolve({}) }
      }
    })
    expect(res.head).toMatch(/^HTTP\/1\.[01] 200 OK\r\n/)
    expect(res.head).not.toMatch(/^Trailer:/mi)
    expect(res.body).toBe('{"Wantlist":[]}\n')
  })
})
