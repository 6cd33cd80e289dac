import { commands } from '@composite-ipfs/interface'
import { describe, expect, it } from 'vitest'
import { kuboConnector } from '../../src/index.ts'
import { byteStream } from '../../src/byte-stream.ts'
import { caught } from '../fixtures/caught.ts'
import { bytesOf } from '../fixtures/entries.ts'
import type { RpcResponse } from '@composite-ipfs/rpc-client'

function response (status: number, headers: Record<string, string>, body: string, trailers: Record<string, string> = {}): RpcResponse {
  return {
    status,
    headers,
    body: (async function * () { yield new TextEncoder().encode(body) })(),
    trailers: Promise.resolve(trailers),
    endpoint: 'http://kubo:5001',
    discard: () => {}
  }
}

describe('kuboConnector', () => {
  it('implements a method for every typed command of the interface, plus passthrough', () => {
    const backend = kuboConnector({ endpoints: ['http://127.0.0.1:5001'] }) as unknown as Record<string, unknown>
    for (const method of [...Object.keys(commands), 'passthrough', 'start', 'stop']) {
      expect(typeof backend[method], method).toBe('function')
    }
    expect(backend.name).toBe('kubo')
  })

  it('applies the shared authorization and TLS only to endpoints without their own', () => {
    const backend = kuboConnector({ endpoints: ['http://u:p@a:1', { url: 'https://b:2' }], name: 'k' })
    expect(backend.endpoints).toEqual(['http://a:1', 'https://b:2'])
    expect(backend.name).toBe('k')
  })
})

describe('byteStream', () => {
  it('takes length and content type from Kubo headers', async () => {
    const s = await byteStream(response(200, { 'x-content-length': '5', 'content-type': 'text/plain' }, 'hello'))
    expect(s).toMatchObject({ length: 5n, contentType: 'text/plain' })
    expect((await bytesOf(s)).toString()).toBe('hello')
  })

  it('throws the X-Stream-Error trailer after the bytes', async () => {
    const s = await byteStream(response(200, {}, 'par', { 'x-stream-error': 'failed to fetch all nodes' }))
    expect(s.length).toBeUndefined()
    expect((await caught(s.body)).message).toBe('failed to fetch all nodes')
  })

  it('throws the Kubo error of a non-200', async () => {
    const err = await caught(byteStream(response(500, {}, '{"Message":"this dag node is a directory","Code":0,"Type":"error"}\n')))
    expect(err.message).toBe('this dag node is a directory')
  })
})
