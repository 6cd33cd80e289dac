/**
 * Hostile input against a composite node in front of a real Kubo, compared with what the Kubo
 * answers to the same bytes: bad CIDs and paths, oversized headers and queries, slow-loris,
 * malformed and truncated uploads (nothing may be left half-pinned).
 */
import { randomBytes } from 'node:crypto'
import { clusterConnector } from '@composite-ipfs/connector-cluster'
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { compositeNode, memoryLogger, printLogsOnFailure, startKubo } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { rawPost } from '../../src/index.ts'
import { rawSocket } from '../fixtures/raw-socket.ts'
import { breakingUpstream, deadPort, leaks, rawExchange, spellings } from '../fixtures/secrets.ts'
import { BOUNDARY, cidOf, filePart, recursivePins } from '../fixtures/uploads.ts'
import type { RawAnswer } from '../../src/index.ts'
import type { CompositeNode, KuboDaemon } from '@composite-ipfs/testbed'

const HEADERS_TIMEOUT = 1500

describe('hostile input: composite node vs real Kubo', () => {
  let kubo: KuboDaemon
  let node: CompositeNode
  let cid: string
  const log = memoryLogger()
  const portOf = (url: string): number => Number(new URL(url).port)

  beforeAll(async () => {
    kubo = await startKubo()
    node = await compositeNode({
      backend: kuboConnector({ endpoints: [kubo.apiUrl] }),
      middleware: [headerPolicy()],
      server: { headersTimeout: HEADERS_TIMEOUT, logger: log }
    })
    cid = await cidOf(kubo, Buffer.from('a valid CID'))
  })
  beforeEach(printLogsOnFailure(() => [kubo]))
  afterAll(async () => {
    await node?.stop()
    await kubo?.stop()
  })

  /** What both answered: status, content type, body and trailers must be the same */
  const wire = (answer: RawAnswer): unknown => ({ status: answer.status, type: answer.headers['content-type'], body: answer.body.toString('utf8'), trailers: answer.trailers })
  async function same (path: string, init: Parameters<typeof rawPost>[2] = {}): Promise<RawAnswer> {
    const [direct, composite] = [await rawPost(kubo.apiUrl, path, init), await rawPost(node.url, path, init)]
    expect(wire(composite), path).toEqual(wire(direct))
    return composite
  }

  it('answers bad CIDs and paths with Kubo\'s own status and message', async () => {
    const bad = ['notacid', '', 'Qm', '/ipfs/notacid', '/ipfs/', '/ipns/', '/ipfs/bafkqaaa/x', '../../etc/passwd', 'bafy%00x', '/foo/bar', '/ipld/x']
    const commands = ['pin/add', 'pin/rm', 'pin/ls', 'cat', 'block/get', 'block/stat', 'dag/get', 'refs', 'resolve', 'get', 'dag/export', 'block/rm']
    for (const command of commands) {
      for (const value of bad) {
        const answer = await same(`/api/v0/${command}?arg=${encodeURIComponent(value)}`)
        expect(answer.status).toBeGreaterThanOrEqual(400)
      }
    }
    await same('/api/v0/pin/add/notacid') // the path-argument spelling
    await same(`/api/v0/pin/update?arg=notacid&arg=${cid}`)
  })

  it('refuses a header block over 1 MiB with 431 like Kubo, and serves 40 KiB headers and 3000 args like Kubo', async () => {
    for (const url of [kubo.apiUrl, node.url]) {
      const huge = await rawSocket(portOf(url), { head: `POST /api/v0/version HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(1100 * 1024)}\r\n\r\n`, waitMs: 15_000 })
      expect(huge.text, url).toMatch(/^HTTP\/1\.1 431 /)
    }
    await same('/api/v0/version', { headers: { 'x-big': 'b'.repeat(40_000) } })
    await same(`/api/v0/version?junk=${'c'.repeat(40_000)}`)
    await same(`/api/v0/pin/ls?${Array.from({ length: 3000 }, () => 'arg=bafkqaaa').join('&')}`)
  })

  it('cuts a slow-loris client at headersTimeout (Kubo never does), serving others meanwhile', async () => {
    const dribble = { head: 'POST /api/v0/version HTTP/1.1\r\nHost: x\r\n', drip: () => 'X-Drip: 1\r\n', intervalMs: 200, waitMs: HEADERS_TIMEOUT + 4000 }
    const [composite, direct] = [rawSocket(portOf(node.url), dribble), rawSocket(portOf(kubo.apiUrl), dribble)]
    for (let i = 0; i < 10; i++) expect((await rawPost(node.url, '/api/v0/version')).status).toBe(200)
    expect((await composite).text).toMatch(/^HTTP\/1\.1 408 /)
    expect((await composite).closedAfter).toBeLessThan(HEADERS_TIMEOUT + 3000)
    expect((await direct).closedAfter).toBeUndefined() // Kubo sets no ReadHeaderTimeout
  })

  it('answers malformed multipart bodies with 400 or 500 and a clear message, as Kubo does', async () => {
    const multipart = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }
    await same('/api/v0/add', { headers: { 'content-type': 'multipart/form-data' }, body: filePart('a') + 'x' })
    await same('/api/v0/add', { headers: { 'content-type': `multipart/mixed; boundary=${BOUNDARY}` }, body: filePart('a') + 'x' })
    await same('/api/v0/add', { headers: multipart, body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"` })
    await same('/api/v0/block/put', { headers: multipart, body: filePart('a') + 'cut inside the part' })
    await same('/api/v0/pin/add', { headers: multipart, body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="stdin"\r\n\r\nbafkqaaa` })
    // no boundary in the body at all: Kubo says `multipart: NextPart: EOF`, we say there is no file
    for (const body of ['', 'garbage without a boundary']) {
      const answer = await rawPost(node.url, '/api/v0/add', { headers: multipart, body })
      expect([answer.status, JSON.parse(answer.body.toString())]).toEqual([500, { Message: 'expected a file argument', Code: 0, Type: 'error' }])
    }
  })

  describe('a truncated upload leaves nothing half-pinned', () => {
    /** An upload of one whole file and one cut inside its content, and the CIDs of both */
    async function truncatedUpload (): Promise<{ body: Buffer, whole: string, partial: string }> {
      const whole = randomBytes(1000)
      const partial = randomBytes(300_000) // many chunks: part of it reaches Kubo before the cut
      const body = Buffer.concat([Buffer.from(filePart('whole')), whole, Buffer.from(`\r\n${filePart('partial')}`), partial])
      return { body, whole: await cidOf(kubo, whole), partial: await cidOf(kubo, partial) }
    }

    /** Sends the upload on a raw socket; `cut` announces more than it sends and disconnects */
    async function send (url: string, body: Buffer, cut: boolean): Promise<string> {
      const length = cut ? body.length + 100_000 : body.length
      const head = `POST /api/v0/add?pin=true HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${length}\r\n\r\n`
      const exchange = await rawSocket(portOf(url), { head: Buffer.concat([Buffer.from(head), body]), waitMs: cut ? 1500 : 15_000 })
      return exchange.text
    }

    /** New recursive pins once the Kubo settled (the aborted add may still be unwinding) */
    async function newPins (before: string[]): Promise<string[]> {
      await new Promise((resolve) => setTimeout(resolve, 1500))
      return (await recursivePins(kubo)).filter((pin) => !before.includes(pin))
    }

    it('a body that ends inside a file: an error, and the cut file is not pinned (Kubo pins it)', async () => {
      const { body, whole, partial } = await truncatedUpload()
      let before = await recursivePins(kubo)
      const answer = await send(node.url, body, false)
      // before the first byte a 500, else the trailer: either way `unexpected EOF`
      expect(answer).toMatch(/^HTTP\/1\.1 500 [^]*"Message":"unexpected EOF"|^HTTP\/1\.1 200 [^]*X-Stream-Error: unexpected EOF/)
      const pinned = await newPins(before)
      expect(pinned).not.toContain(partial)
      expect(pinned.every((pin) => pin === whole)).toBe(true) // Kubo adds and pins each top-level file on its own

      before = await recursivePins(kubo)
      expect(await send(kubo.apiUrl, body, false)).toMatch(/^HTTP\/1\.1 200 [^]*X-Stream-Error: multipart: NextPart: EOF/)
      expect(await newPins(before)).toContain(partial) // Kubo took the cut file for a whole one
    })

    it('a client that disconnects inside a file: the upstream add is aborted, the cut file is not pinned', async () => {
      const { body, whole, partial } = await truncatedUpload()
      const before = await recursivePins(kubo)
      await send(node.url, body, true)
      const pinned = await newPins(before)
      expect(pinned).not.toContain(partial)
      expect(pinned.every((pin) => pin === whole)).toBe(true)
    })
  })

  it('logged nothing unexpected', () => {
    expect(log.messages('warn')).toEqual([])
  })

  describe('credentials are never echoed', () => {
    const secrets = [...spellings('alice', 'Pa55-upstream-S3cret'), ...spellings('admin', 'Pa55-cluster-S3cret'), 'T0ken-upstream-S3cret', 'T0ken-client-S3cret']
    const nodes: CompositeNode[] = []
    const logger = memoryLogger()
    // every field of every line, not only the messages
    const logText = (): string => logger.lines.map((line) => JSON.stringify(line)).join('\n')
    const start = async (backend: Parameters<typeof compositeNode>[0]['backend'], middleware = [headerPolicy()]): Promise<CompositeNode> => {
      const started = await compositeNode({ backend, middleware, server: { logger } })
      nodes.push(started)
      return started
    }
    afterAll(async () => { await Promise.all(nodes.map(async (n) => { await n.stop() })) })

    it('in errors about unreachable endpoints with user:pass@ (Kubo, cluster REST, header-policy probes)', async () => {
      const [dead, dead2] = [await deadPort(), await deadPort()]
      const kuboNode = await start(kuboConnector({ endpoints: [`http://alice:Pa55-upstream-S3cret@127.0.0.1:${dead}`, { url: `http://127.0.0.1:${dead2}`, authorization: 'Bearer T0ken-upstream-S3cret' }] }))
      const clusterNode = await start(clusterConnector({ rest: [`http://admin:Pa55-cluster-S3cret@127.0.0.1:${dead}`], basicAuth: { username: 'admin', password: 'Pa55-cluster-S3cret' }, token: 'T0ken-upstream-S3cret' }))
      const probing = await start(kuboConnector({ endpoints: [kubo.apiUrl] }), [headerPolicy({ upstream: { url: `http://alice:Pa55-upstream-S3cret@127.0.0.1:${dead}`, authorization: 'Bearer T0ken-upstream-S3cret', timeout: 1000 }, logger })])
      const answers = [
        ...await Promise.all(['/api/v0/id', '/api/v0/pin/ls', '/api/v0/cat?arg=bafkqaaa', '/api/v0/key/list'].map(async (path) => await rawExchange(kuboNode.url, path))),
        await rawExchange(clusterNode.url, '/api/v0/pin/ls'),
        await rawExchange(clusterNode.url, '/api/v0/pin/add?arg=bafkqaaa'),
        await rawExchange(probing.url, '/api/v0/version', { origin: 'http://example.com' })
      ]
      // the answers say which endpoint failed, by its origin only
      expect(answers[0]).toMatch(new RegExp(`^HTTP/1\\.1 500 [^]*no upstream endpoint could serve the request: http://127\\.0\\.0\\.1:${dead}: `))
      expect(answers[4]).toMatch(new RegExp(`^HTTP/1\\.1 500 [^]*127\\.0\\.0\\.1:${dead}`))
      expect(answers[6]).toMatch(new RegExp(`^HTTP/1\\.1 500 [^]*cannot check the request origin with http://127\\.0\\.0\\.1:${dead}: `))
      expect(leaks([...answers, logText()].join('\n'), secrets)).toEqual([])
    })

    it('in the trailer or the abnormal end of a stream that broke upstream', async () => {
      const upstream = await breakingUpstream()
      try {
        const breaking = await start(kuboConnector({ endpoints: [upstream.url.replace('http://', 'http://alice:Pa55-upstream-S3cret@')] }))
        const answers = [await rawExchange(breaking.url, '/api/v0/refs?arg=bafkqaaa'), await rawExchange(breaking.url, '/api/v0/cat?arg=bafkqaaa')]
        // a broken upstream stream ends ours abnormally: no last chunk, no trailer
        expect(answers[0]).toMatch(/^HTTP\/1\.1 200 [^]*\{"Ref":"bafkqaaa","Err":""\}\n\r\n$/)
        expect(leaks(answers.join('\n'), secrets)).toEqual([])
        // the credentials did go where they belong
        expect(upstream.authorizations[0]).toBe(`Basic ${Buffer.from('alice:Pa55-upstream-S3cret').toString('base64')}`)
      } finally {
        upstream.server.closeAllConnections()
        upstream.server.close()
      }
    })

    it('in any answer to a client that sent its own credentials', async () => {
      const headers = { authorization: 'Bearer T0ken-client-S3cret', cookie: 'session=T0ken-client-S3cret' }
      const paths = ['/api/v0/id?arg=T0ken', '/api/v0/pin/add?arg=notacid', '/api/v0/cat', '/api/v0/version?recursive=yes', '/api/v0/nope', '/api/v0/key/list?arg=x', '/api/v0/version?encoding=foobar']
      const answers = await Promise.all(paths.map(async (path) => await rawExchange(node.url, path, headers)))
      expect(leaks(answers.join('\n'), secrets)).toEqual([])
      expect(leaks(logText(), secrets)).toEqual([])
    })
  })
})
