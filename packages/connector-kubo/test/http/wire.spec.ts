import { createServer } from 'node:http'
import { once } from 'node:events'
import { UpstreamError } from '@composite-ipfs/interface'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { kuboConnector } from '../../src/index.ts'
import { caught } from '../fixtures/caught.ts'
import { bytesOf, collect, entries, file } from '../fixtures/entries.ts'
import type { KuboConnector } from '../../src/index.ts'
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * What the connector puts on the wire, recorded by a plain node:http upstream. The real-daemon
 * behaviour is covered in test/daemon; this file pins down the request encoding and the
 * failures a daemon cannot be made to produce on cue (a connection cut mid-answer).
 */
interface Seen { path: string, query: URLSearchParams, headers: IncomingHttpHeaders, body: string }

let server: Server
let url: string
let seen: Seen[] = []
let answer: (res: ServerResponse, path: string) => void

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x')
      seen.push({ path: u.pathname, query: u.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString() })
      answer(res, u.pathname)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await backend?.stop()
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
})

let backend: KuboConnector
beforeEach(async () => {
  seen = []
  answer = (res) => { res.setHeader('content-type', 'application/json'); res.end('{}\n') }
  await backend?.stop()
  backend = kuboConnector({ endpoints: [url], authorization: 'Bearer kubo' })
})

const query = (i = 0): Record<string, string[]> => {
  const out: Record<string, string[]> = {}
  for (const [k, v] of seen[i]?.query ?? []) (out[k] ??= []).push(v)
  return out
}

describe('typed options reach Kubo under their wire names', () => {
  it('cat: args and int64 offsets', async () => {
    await bytesOf(await backend.cat(['/ipfs/a', '/ipfs/b'], { offset: 2n ** 40n, length: 3n, signal: AbortSignal.timeout(5000), via: ['x'] }))
    expect(seen[0]?.path).toBe('/api/v0/cat')
    expect(query()).toEqual({ arg: ['/ipfs/a', '/ipfs/b'], offset: ['1099511627776'], length: ['3'] })
  })

  it('pin/ls always asks for the stream form', async () => {
    await collect(backend.pinLs([], { type: 'recursive', names: true }))
    expect(query()).toEqual({ type: ['recursive'], stream: ['true'], names: ['true'] })
  })

  it('pin/update, pin/add, block/put, dag/put, repo/stat', async () => {
    await backend.pinUpdate('a', 'b', { unpin: false })
    await collect(backend.pinAdd(['c'], { recursive: false, progress: true, fastProvideRoot: true }))
    await collect(backend.blockPut(entries(file('', 'x')), { cidCodec: 'dag-pb', mhtype: 'sha2-512', mhlen: 64, pin: true, allowBigBlock: true }))
    await collect(backend.dagPut(entries(file('', '{}')), { storeCodec: 'dag-json', inputCodec: 'dag-json', hash: 'sha2-256' }))
    answer = (res) => { res.end('{"RepoSize":1,"StorageMax":18446744073709551615,"NumObjects":0,"RepoPath":"","Version":""}\n') }
    await backend.repoStat({ sizeOnly: true })
    expect(seen.map(s => s.path)).toEqual(['/api/v0/pin/update', '/api/v0/pin/add', '/api/v0/block/put', '/api/v0/dag/put', '/api/v0/repo/stat'])
    expect(query(0)).toEqual({ arg: ['a', 'b'], unpin: ['false'] })
    expect(query(1)).toEqual({ arg: ['c'], recursive: ['false'], progress: ['true'], 'fast-provide-root': ['true'] })
    expect(query(2)).toEqual({ 'cid-codec': ['dag-pb'], mhtype: ['sha2-512'], mhlen: ['64'], pin: ['true'], 'allow-big-block': ['true'] })
    expect(query(3)).toEqual({ 'store-codec': ['dag-json'], 'input-codec': ['dag-json'], hash: ['sha2-256'] })
    expect(query(4)).toEqual({ 'size-only': ['true'] })
  })

  it('uploads are multipart with Go-style parts and the endpoint authorization', async () => {
    await collect(backend.add(entries(file('d/x y.txt', 'hi')), { wrapWithDirectory: true, cidVersion: 1 }))
    const s = seen[0] as Seen
    expect(s.headers['content-type']).toMatch(/^multipart\/form-data; boundary=[0-9a-f]{60}$/)
    expect(s.body).toContain('Content-Disposition: form-data; name="file"; filename="d%2Fx%20y.txt"\r\nContent-Type: application/octet-stream\r\n\r\nhi\r\n')
    expect(s.headers.authorization).toBe('Bearer kubo')
    expect(query()).toEqual({ 'wrap-with-directory': ['true'], 'cid-version': ['1'] })
  })

  it('passthrough sends the raw query and never the caller Origin, Referer, User-Agent or Authorization', async () => {
    await backend.passthrough({
      command: 'key/gen',
      query: 'arg=k1&type=ed25519',
      headers: { origin: 'https://x', referer: 'https://x/', 'user-agent': 'Mozilla/5.0', authorization: 'Basic caller', 'content-type': 'text/plain' },
      body: (async function * () { yield new TextEncoder().encode('raw') })()
    })
    const s = seen[0] as Seen
    expect(s.path).toBe('/api/v0/key/gen')
    expect(query()).toEqual({ arg: ['k1'], type: ['ed25519'] })
    expect([s.headers.origin, s.headers.referer, s.headers['user-agent']]).toEqual([undefined, undefined, undefined])
    expect(s.headers.authorization).toBe('Bearer kubo')
    expect(s.body).toBe('raw')
  })
})

describe('failures a daemon cannot stage', () => {
  it('a connection cut mid-stream ends the iterator with an error that aborts our own stream', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json', trailer: 'X-Stream-Error' })
      res.write('{"Cid":"a","Type":"recursive"}\n')
      setTimeout(() => res.socket?.destroy(), 20)
    }
    const got: unknown[] = []
    const err = await caught((async () => { for await (const p of backend.pinLs([])) got.push(p) })())
    expect(got).toEqual([{ Cid: 'a', Type: 'recursive' }])
    expect(err).toBeInstanceOf(UpstreamError)
    expect(err.abortStream).toBe(true)
  })

  it('a pin/add that fails after progress started asks the server to abort its stream', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json', trailer: 'X-Stream-Error', 'x-chunked-output': '1' })
      res.write('{"Progress":1}\n')
      res.addTrailers({ 'X-Stream-Error': 'context deadline exceeded' })
      res.end()
    }
    const err = await caught(backend.pinAdd(['c'], { progress: true }))
    expect(err.message).toBe('context deadline exceeded')
    expect(err.abortStream).toBe(true)
  })
})
