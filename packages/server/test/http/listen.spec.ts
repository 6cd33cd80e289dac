import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { testBackend } from '../fixtures/backend.ts'
import { post } from '../fixtures/client.ts'
import type { IpfsApiServer } from '../../src/index.ts'
import type { Server } from 'node:http'

const fixture = (name: string): URL => new URL(`../fixtures/${name}`, import.meta.url)

describe('listeners over real sockets', () => {
  let server: IpfsApiServer
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'composite-server-')) })
  afterEach(async () => {
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('listens on URLs and multiaddrs and reports the real ports', async () => {
    server = ipfsApiServer({ backend: testBackend() })
    const addresses = await server.listen(['http://127.0.0.1:0', '/ip4/127.0.0.1/tcp/0'])
    expect(addresses).toHaveLength(2)
    for (const address of addresses) {
      const port = Number(new URL(address.url).port)
      expect(port).toBeGreaterThan(0)
      expect(address.multiaddr).toBe(`/ip4/127.0.0.1/tcp/${port}`)
      const res = await post({ host: '127.0.0.1', port, path: '/api/v0/version' })
      expect([res.status, JSON.parse(res.body).Version]).toEqual([200, '0.42.0'])
    }
    expect(server.addresses).toEqual(addresses)
  })

  it('listens on a unix socket with a mode, replacing a stale socket file', async () => {
    const path = join(dir, 'api.sock')
    const stale = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`])
    await new Promise((resolve) => stale.stdout.once('data', resolve))
    stale.kill('SIGKILL')
    await new Promise((resolve) => stale.once('exit', resolve))
    expect((await stat(path)).isSocket()).toBe(true)

    server = ipfsApiServer({ backend: testBackend() })
    const [address] = await server.listen([{ address: `/unix${path}`, mode: 0o600 }])
    expect(address).toEqual({ url: `http+unix://${encodeURIComponent(path)}`, multiaddr: `/unix${path}` })
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    const res = await post({ socketPath: path, path: '/api/v0/id' })
    expect(res.status).toBe(200)
    await server.close()
    await expect(stat(path)).rejects.toThrow()
  })

  it('refuses to take over a unix socket someone listens on', async () => {
    const path = join(dir, 'busy.sock')
    const busy: Server = createServer()
    await new Promise<void>((resolve) => busy.listen(path, resolve))
    try {
      server = ipfsApiServer({ backend: testBackend() })
      await expect(server.listen([`/unix${path}`])).rejects.toMatchObject({ code: 'EADDRINUSE' })
    } finally {
      await new Promise((resolve) => busy.close(resolve))
    }
  })

  it('serves HTTPS with a tls option', async () => {
    const [cert, key] = await Promise.all([readFile(fixture('tls-cert.pem')), readFile(fixture('tls-key.pem'))])
    server = ipfsApiServer({ backend: testBackend() })
    const [address] = await server.listen([{ address: 'https://127.0.0.1:0', tls: { cert, key } }])
    expect(address.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(address.multiaddr).toMatch(/\/tls\/http$/)
    const res = await post({ https: true, host: '127.0.0.1', port: Number(new URL(address.url).port), path: '/api/v0/version', ca: cert, servername: 'localhost' })
    expect(res.status).toBe(200)
    await expect(server.listen(['https://127.0.0.1:0'])).rejects.toThrow(/tls/)
  })

  it('fails listen() when an address is taken, without leaving the others open', async () => {
    server = ipfsApiServer({ backend: testBackend() })
    const [taken] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
    const other = ipfsApiServer({ backend: testBackend() })
    await expect(other.listen(['/ip4/127.0.0.1/tcp/0', taken.multiaddr])).rejects.toMatchObject({ code: 'EADDRINUSE' })
    expect(other.addresses).toEqual([])
    await other.close()
  })

  it('can be mounted in another node:http server', async () => {
    server = ipfsApiServer({ backend: testBackend() })
    const host = createServer(server.handler)
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve))
    try {
      const port = (host.address() as { port: number }).port
      expect((await post({ host: '127.0.0.1', port, path: '/api/v0/version' })).status).toBe(200)
    } finally {
      host.closeAllConnections()
      await new Promise((resolve) => host.close(resolve))
    }
  })

  it('answers oversized headers with 431 from node and keeps serving', async () => {
    server = ipfsApiServer({ backend: testBackend(), maxHeaderSize: 1024 })
    const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
    const port = Number(new URL(address.url).port)
    const res = await post({ host: '127.0.0.1', port, path: '/api/v0/id', headers: { 'x-big': 'x'.repeat(4096) } }).catch((err: Error) => err)
    expect(res instanceof Error ? res.message : res.status).toBe(431)
    expect((await post({ host: '127.0.0.1', port, path: '/api/v0/id' })).status).toBe(200)
  })

  it('answers CONNECT on a socket with an empty 200', async () => {
    server = ipfsApiServer({ backend: testBackend() })
    const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
    const { connect } = await import('node:net')
    const url = new URL(address.url)
    const socket = connect(Number(url.port), url.hostname)
    socket.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')
    const answer = await new Promise<string>((resolve) => socket.once('data', (data) => { resolve(data.toString()) }))
    socket.destroy()
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(answer).toMatch(/Content-Length: 0\r\n/)
  })

  it('delivers the trailer, and an abnormal end, to a real client', async () => {
    server = ipfsApiServer({
      backend: testBackend({
        async * refs () { yield { Ref: 'a', Err: '' }; throw new Error('late failure') },
        async * refsLocal () { yield { Ref: 'a', Err: '' }; throw Object.assign(new Error('broken'), { abortStream: true }) }
      })
    })
    const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
    const port = Number(new URL(address.url).port)
    const trailer = await post({ host: '127.0.0.1', port, path: '/api/v0/refs?arg=x' })
    expect([trailer.complete, trailer.trailers['x-stream-error']]).toEqual([true, 'late failure'])
    const aborted = await post({ host: '127.0.0.1', port, path: '/api/v0/refs/local' })
    expect([aborted.complete, aborted.body]).toEqual([false, '{"Ref":"a","Err":""}\n'])
  })
})
