import { UpstreamError } from '@composite-ipfs/interface'
import { afterEach, describe, expect, it } from 'vitest'
import { caught } from '../fixtures/caught.ts'
import { encodeMultipart, rpcClient } from '../../src/index.ts'
import { readRequest, startServer } from '../fixtures/http-server.ts'
import type { FileEntry } from '@composite-ipfs/interface'
import type { ServerResponse } from 'node:http'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => { await Promise.all(cleanups.splice(0).map(async f => f())) })
function track<T extends { close: () => Promise<void> }> (x: T): T { cleanups.push(async () => x.close()); return x }

const enc = new TextEncoder()

/** Writes a chunked 200 that ends with Kubo's X-Stream-Error trailer */
function failLate (res: ServerResponse, lines: string[], message: string): void {
  res.writeHead(200, { 'content-type': 'application/json', trailer: 'X-Stream-Error', 'x-chunked-output': '1' })
  for (const l of lines) res.write(l)
  res.addTrailers({ 'X-Stream-Error': message })
  res.end()
}

describe('X-Stream-Error trailers', () => {
  it('kuboNdjson yields the values, then throws the trailer message', async () => {
    const s = track(await startServer(async (req, res) => { await readRequest(req); failLate(res, ['{"Ref":"a","Err":""}\n'], 'merkledag: not found') }))
    const c = track(rpcClient({ endpoints: [s.url] }))
    const seen: unknown[] = []
    const err = await caught((async () => { for await (const v of c.kuboNdjson('refs', { args: ['x'], abortStreamOnError: true })) seen.push(v) })())
    expect(seen).toEqual([{ Ref: 'a', Err: '' }])
    expect(err).toBeInstanceOf(UpstreamError)
    expect(err.message).toBe('merkledag: not found')
    expect(err.abortStream).toBe(true)
  })

  it('kuboJson throws it too, and request() exposes the trailers once the body ended', async () => {
    const s = track(await startServer(async (req, res) => { await readRequest(req); failLate(res, ['{"Pins":[]}\n'], 'boom') }))
    const c = track(rpcClient({ endpoints: [s.url] }))
    await expect(c.kuboJson('pin/add')).rejects.toThrow('boom')
    const res = await c.request({ path: '/api/v0/pin/add' })
    for await (const _ of res.body);
    expect(await res.trailers).toEqual({ 'x-stream-error': 'boom' })
  })

  it('an empty or invalid 200 body is an UpstreamError, not a crash', async () => {
    const s = track(await startServer(async (req, res) => { await readRequest(req); res.end(req.url?.includes('bad') === true ? '{nope' : '') }))
    const c = track(rpcClient({ endpoints: [s.url] }))
    await expect(c.kuboJson('id')).rejects.toThrow(/empty body/)
    await expect(c.kuboJson('bad')).rejects.toThrow(/invalid JSON from upstream/)
  })
})

describe('streams stay streams', () => {
  it('NDJSON values are yielded while the upstream is still writing', async () => {
    let finish!: () => void
    const done = new Promise<void>(resolve => { finish = resolve })
    const s = track(await startServer(async (req, res) => {
      await readRequest(req)
      res.writeHead(200)
      res.write('{"Name":"a","Bytes":1')
      res.write('}\n{"Na')
      await done
      res.end('me":"a","Hash":"Qm"}\n')
    }))
    const c = track(rpcClient({ endpoints: [s.url] }))
    const it = c.kuboNdjson<{ Name: string }>('add')[Symbol.asyncIterator]()
    expect((await it.next()).value).toEqual({ Name: 'a', Bytes: 1 })
    finish()
    expect((await it.next()).value).toEqual({ Name: 'a', Hash: 'Qm' })
    expect((await it.next()).done).toBe(true)
  })

  it('a multipart upload reaches the upstream before the client produced all of it', async () => {
    let release!: () => void
    const released = new Promise<void>(resolve => { release = resolve })
    let sawFirstBytesEarly = false
    const s = track(await startServer(async (req, res) => {
      const chunks: Buffer[] = []
      for await (const chunk of req) {
        chunks.push(chunk as Buffer)
        if (Buffer.concat(chunks).includes('first-half')) { sawFirstBytesEarly = true; release() }
      }
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData()
      const files = form.getAll('file') as File[]
      res.end(`${JSON.stringify(await Promise.all(files.map(async f => [decodeURIComponent(f.name), await f.text()])))}\n`)
    }))
    async function * content (): AsyncGenerator<Uint8Array> {
      yield enc.encode('first-half ')
      await released // only the server seeing the first half lets us go on
      yield enc.encode('second-half')
    }
    async function * entries (): AsyncGenerator<FileEntry> {
      yield { path: 'dir', type: 'directory' }
      yield { path: 'dir/f.txt', type: 'file', content: content() }
    }
    const { contentType, body } = encodeMultipart(entries())
    const c = track(rpcClient({ endpoints: [s.url] }))
    const out = await c.kuboJson('add', { body, headers: { 'content-type': contentType } })
    expect(sawFirstBytesEarly).toBe(true)
    expect(out).toEqual([['dir', ''], ['dir/f.txt', 'first-half second-half']])
  })

  it('a response body can be discarded without reading it', async () => {
    const s = track(await startServer(async (req, res) => { await readRequest(req); res.end('x'.repeat(1 << 20)) }))
    const c = track(rpcClient({ endpoints: [s.url] }))
    const res = await c.request({ path: '/api/v0/cat' })
    res.discard()
    expect(await res.trailers).toEqual({})
    const next = await c.request({ path: '/api/v0/version' })
    expect(next.status).toBe(200)
    next.discard()
  })
})
