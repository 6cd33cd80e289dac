/**
 * Hostile clients over real sockets: slow-loris, oversized headers and queries, bodies that
 * never end or are larger than announced. The server must answer or cut them within its
 * limits, and keep serving everybody else meanwhile.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { testBackend } from '../fixtures/backend.ts'
import { post } from '../fixtures/client.ts'
import { multipartType, partHead } from '../fixtures/multipart.ts'
import { rawSocket } from '../fixtures/raw-socket.ts'
import type { IpfsApiServer, IpfsApiServerInit } from '../../src/index.ts'

describe('hostile clients', () => {
  let server: IpfsApiServer
  let backend: ReturnType<typeof testBackend>
  afterEach(async () => { await server?.close({ timeout: 1000 }) })

  async function start (init: Partial<IpfsApiServerInit> = {}): Promise<number> {
    server = ipfsApiServer({ backend: backend = testBackend(), ...init })
    const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
    return Number(new URL(address.url).port)
  }

  it('cuts slow-loris clients at headersTimeout with 408, and serves others meanwhile', async () => {
    const port = await start({ headersTimeout: 1000 })
    const head = 'POST /api/v0/version HTTP/1.1\r\nHost: x\r\n'
    const slow = [
      ...Array.from({ length: 10 }, async () => await rawSocket(port, { head, drip: () => 'X-Drip: 1\r\n', intervalMs: 100, waitMs: 10_000 })),
      rawSocket(port, { waitMs: 10_000 }), // connects and never says anything
      rawSocket(port, { head: 'POST /api/v0/ver', waitMs: 10_000 }) // stops inside the request line
    ]
    const started = Date.now()
    for (let i = 0; i < 20; i++) {
      expect((await post({ host: '127.0.0.1', port, path: '/api/v0/version' })).status).toBe(200)
    }
    expect(Date.now() - started).toBeLessThan(2000)
    for (const exchange of await Promise.all(slow)) {
      // the limit, plus the connection check interval (a quarter of it), plus a loaded machine
      expect(exchange.closedAfter).toBeLessThan(4000)
      expect(exchange.text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
    }
  })

  it('answers a header block over maxHeaderSize (1 MiB, as Go) with 431, then serves the next client', async () => {
    const port = await start()
    const huge = await rawSocket(port, { head: `POST /api/v0/version HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(1100 * 1024)}\r\n\r\n`, waitMs: 10_000 })
    expect(huge.text).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/)
    expect(huge.closedAfter).toBeDefined()
    // what Kubo accepts, we accept: a 40 KiB header, a 40 KiB query
    expect((await post({ host: '127.0.0.1', port, path: '/api/v0/version', headers: { 'x-big': 'b'.repeat(40_000) } })).status).toBe(200)
    expect((await post({ host: '127.0.0.1', port, path: `/api/v0/version?junk=${'c'.repeat(40_000)}` })).status).toBe(200)
  })

  it('hands thousands of args to the backend', async () => {
    const port = await start()
    const args = Array.from({ length: 5000 }, (_, i) => `arg=bafk${i}`).join('&')
    const res = await post({ host: '127.0.0.1', port, path: `/api/v0/pin/ls?${args}` })
    expect(res.status).toBe(200)
    expect((backend.calls.pinLs[0].args[0] as string[]).length).toBe(5000)
  })

  it('refuses an announced body over maxBodySize with 413 and closes without reading it', async () => {
    const port = await start({ maxBodySize: 1024 })
    const chunk = Buffer.alloc(64 * 1024, 0x61)
    const res = await rawSocket(port, {
      head: 'POST /api/v0/version HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n',
      drip: () => chunk,
      intervalMs: 10,
      waitMs: 10_000
    })
    expect(res.text).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/)
    expect(res.text).toMatch(/\r\nConnection: close\r\n/)
    expect(res.text).toMatch(/request body too large: 104857600 bytes, and a command without a file argument takes at most 1024\n$/)
    expect(res.closedAfter).toBeDefined()
    expect(res.written).toBeLessThan(20 * 1024 * 1024)
  })

  it('lingers before closing on a client still uploading, so that it can read the answer', async () => {
    const port = await start({ maxBodySize: 1024, lingerTimeout: 1000 })
    const chunk = Buffer.alloc(64 * 1024, 0x61)
    // the client writes on and reads its socket only later: a reset before that would lose the answer
    const res = await rawSocket(port, {
      head: 'POST /api/v0/version HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n',
      drip: () => chunk,
      intervalMs: 5,
      readAfterMs: 300,
      writeAfterFin: true,
      waitMs: 10_000
    })
    expect(res.text).toMatch(/^HTTP\/1\.1 413 [^]*\r\n\r\nrequest body too large: 104857600 bytes, and a command without a file argument takes at most 1024\n$/)
    expect(res.finAfter).toBeDefined() // the answer ended with a FIN
  })

  it('writes the whole answer before closing on a client that reads it late while still uploading', async () => {
    // what the kernel holds beyond the client's receive buffer: a close then would reset the connection and drop it
    const size = 1024 * 1024
    const port = await start({
      backend: testBackend({
        // an answer given before the upload was read, as Kubo gives for a command that takes no body
        async passthrough () {
          return { status: 200, headers: { 'Content-Length': String(size) }, body: (async function * () { yield Buffer.alloc(size, 0x61) })() }
        }
      })
    })
    const res = await rawSocket(port, {
      head: 'POST /api/v0/files/ls HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n',
      drip: () => Buffer.alloc(4096, 0x62),
      intervalMs: 5,
      readAfterMs: 2000, // longer than the old 1 s linger
      closeWhenWhole: true,
      waitMs: 20_000
    })
    const headEnd = res.text.indexOf('\r\n\r\n')
    expect(res.text.slice(0, headEnd).split('\r\n')).toEqual(expect.arrayContaining(['HTTP/1.1 200 OK', 'Connection: close']))
    expect(res.text.length - headEnd - 4).toBe(size)
    expect(res.resetAfter).toBeUndefined()
  })

  /** Readers that stop before an upload's end: the server must read on, or the client can never close */
  const readers: Array<[string, (body: AsyncIterable<Uint8Array>) => Promise<void>]> = [
    ['began to read and left without a word', async (body) => { await body[Symbol.asyncIterator]().next() }],
    ['returned its iterator early, as undici does when its upstream answers first', async (body) => { for await (const chunk of body) if (chunk.length > 0) break }]
  ]
  for (const [how, read] of readers) {
    it(`reads on to the end of an upload whose reader ${how}`, async () => {
      const port = await start({
        lingerTimeout: 20_000,
        backend: testBackend({
          async passthrough (request) {
            await read(request.body ?? (async function * () {})())
            return { status: 200, headers: { 'Content-Length': '2' }, body: (async function * () { yield Buffer.from('{}') })() }
          }
        })
      })
      const total = 8 * 1024 * 1024 // more than the socket buffers hold: the client's FIN comes after all of it
      let sent = 0
      const res = await rawSocket(port, {
        head: `POST /api/v0/files/ls HTTP/1.1\r\nHost: x\r\nContent-Length: ${total}\r\n\r\n`,
        drip: () => { if (sent >= total) return undefined; sent += 65536; return Buffer.alloc(65536, 0x62) },
        intervalMs: 1,
        writeAfterFin: true, // as undici does: the upload goes on after the answer
        endWhenDripped: true,
        waitMs: 30_000
      })
      expect(res.text).toMatch(/^HTTP\/1\.1 200 OK\r\nConnection: close\r\n[^]*\r\n\r\n\{\}$/)
      expect(res.closedAfter).toBeLessThan(10_000) // not the lingerTimeout
    })
  }

  const endlessUpload = { head: 'POST /api/v0/version HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', drip: () => `1000\r\n${'b'.repeat(0x1000)}\r\n`, intervalMs: 5, writeAfterFin: true }

  it('stops lingering at lingerTimeout on a client that never stops sending', async () => {
    const port = await start({ lingerTimeout: 500 })
    const res = await rawSocket(port, { ...endlessUpload, waitMs: 10_000 })
    expect(res.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(res.finAfter).toBeDefined()
    expect(res.closedAfter).toBeGreaterThanOrEqual(500)
    expect(res.closedAfter).toBeLessThan(5000)
  })

  it('does not wait for a lingering connection in close()', async () => {
    const port = await start({ lingerTimeout: 60_000 })
    const pending = rawSocket(port, { ...endlessUpload, waitMs: 20_000 })
    while (backend.calls.version === undefined) await new Promise((resolve) => setImmediate(resolve))
    const closing = Date.now()
    await server.close({ timeout: 1000 })
    expect(Date.now() - closing).toBeLessThan(5000)
    expect((await pending).closedAfter).toBeLessThan(10_000)
  })

  it('closes the connection after answering a command whose endless body it does not read', async () => {
    const port = await start()
    const chunk = `10000\r\n${'a'.repeat(0x10000)}\r\n`
    const res = await rawSocket(port, {
      head: 'POST /api/v0/version HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
      drip: () => chunk,
      intervalMs: 10,
      waitMs: 10_000
    })
    expect(res.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(res.text).toMatch(/\r\nConnection: close\r\n/)
    expect(res.closedAfter).toBeDefined()
  })

  it('limits arguments read from a streamed body to maxBodySize (413)', async () => {
    const port = await start({ maxBodySize: 1024 })
    async function * lines (): AsyncGenerator<Uint8Array> {
      yield Buffer.from(partHead({ field: 'stdin', filename: '' }))
      for (let i = 0; i < 100; i++) yield Buffer.from('bafkqaaa\n'.repeat(100))
    }
    const res = await post({ host: '127.0.0.1', port, path: '/api/v0/pin/add', headers: { 'content-type': multipartType() }, body: lines() }).catch((err: Error) => err)
    if (res instanceof Error) throw res
    expect([res.status, res.headers.connection]).toEqual([413, 'close'])
    expect(res.body).toBe('request body too large: arguments read from the body take at most 1024 bytes\n')
    expect(backend.calls.pinAdd).toBeUndefined()
  })
})
