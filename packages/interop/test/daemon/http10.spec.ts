/**
 * HTTP/1.0, as nginx's default `proxy_http_version`, HAProxy health checks, `ab` and `curl -0`
 * speak it: the same raw request to a real Kubo and to a composite node in front of it gets the
 * same status and the same body, for every kind of command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kuboPair } from '../../src/index.ts'
import { rawSocket } from '../fixtures/raw-socket.ts'
import type { KuboPair } from '../../src/index.ts'

interface Http10Answer { status: number, chunked: boolean, trailer: boolean, body: string }

async function http10 (base: string, path: string): Promise<Http10Answer> {
  const { port } = new URL(base)
  const res = await rawSocket(Number(port), { head: `POST ${path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n`, waitMs: 10_000 })
  const at = res.text.indexOf('\r\n\r\n')
  const head = res.text.slice(0, at)
  return {
    status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]),
    chunked: /^Transfer-Encoding: chunked/mi.test(head),
    trailer: /^Trailer:/mi.test(head),
    body: res.text.slice(at + 4)
  }
}

describe('HTTP/1.0 requests: a composite node answers as the Kubo behind it', () => {
  let pair: KuboPair
  let cid: string

  beforeAll(async () => {
    pair = await kuboPair()
    cid = (await pair.direct.add('http/1.0 content')).cid.toString()
  })
  afterAll(async () => { await pair?.stop() })

  it.each([
    ['a single value', () => '/api/v0/version'],
    ['a stream', () => `/api/v0/refs?arg=${cid}&recursive=true`],
    ['bytes', () => `/api/v0/cat?arg=${cid}`],
    ['a passthrough command', () => '/api/v0/bitswap/wantlist'],
    ['an error before the first byte', () => '/api/v0/cat'],
    ['a backend error', () => '/api/v0/block/stat?arg=bafkqaaa&offline=true']
  ])('%s', async (_, path) => {
    const [kubo, node] = await Promise.all([http10(pair.kubo.apiUrl, path()), http10(pair.node.url, path())])
    expect(node.status).toBe(kubo.status)
    expect(node.body).toBe(kubo.body)
    // neither chunks; Kubo (Go) still declares a `Trailer` it cannot send, node cannot write such a head
    expect({ node: [node.chunked, node.trailer], kubo: kubo.chunked }).toEqual({ node: [false, false], kubo: false })
  })
})
