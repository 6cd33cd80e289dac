import { CommandError, ForbiddenError, KuboErrorCode } from '@composite-ipfs/interface'
import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { CID, testBackend } from '../fixtures/backend.ts'
import { headerLines, PREAMBLE } from '../fixtures/wire.ts'
import type { IpfsApiServer, IpfsApiServerInit } from '../../src/index.ts'
import type { Backend } from '@composite-ipfs/interface'

const ERROR_HEADERS = [...PREAMBLE, 'Content-Type: application/json', 'Server: kubo/0.42.0', 'Trailer: X-Stream-Error', 'Vary: Origin', 'Transfer-Encoding: chunked']

async function * failAfter<T> (values: T[], error: unknown): AsyncGenerator<T> {
  yield * values
  throw error
}

describe('errors on the wire (the one error writer)', () => {
  let server: IpfsApiServer
  afterEach(async () => { await server.close() })
  const start = (overrides: Partial<Backend>, init: Partial<IpfsApiServerInit> = {}): IpfsApiServer =>
    (server = ipfsApiServer({ backend: testBackend(overrides), ...init }))

  it('writes a command error before the first byte as 500 JSON with the preamble', async () => {
    start({ async pinRm () { throw new CommandError('not pinned or pinned indirectly') } })
    const res = await server.inject({ path: `/api/v0/pin/rm?arg=${CID}` })
    expect(res.status).toBe(500)
    expect(headerLines(res)).toEqual(ERROR_HEADERS)
    expect(res.text()).toBe('{"Message":"not pinned or pinned indirectly","Code":0,"Type":"error"}\n')
  })

  it('writes the bare message with text encoding', async () => {
    start({ async * pinLs (paths) { throw new CommandError(`path '${paths[0]}' is not pinned`) } })
    const res = await server.inject({ path: '/api/v0/pin/ls?arg=bafkqaaa&encoding=text' })
    expect(res.status).toBe(500)
    expect(res.headers['content-type']).toBe('text/plain')
    expect(res.text()).toBe("path 'bafkqaaa' is not pinned")
  })

  it('answers 400 for a client error (Code 1) and 500 Code 0 for unknown errors', async () => {
    start({
      async id () { throw new CommandError('bad peer', { kuboCode: KuboErrorCode.Client }) },
      async version () { throw new Error('boom') },
      async resolve () { throw 'not even an Error' } // eslint-disable-line no-throw-literal
    })
    const client = await server.inject({ path: '/api/v0/id' })
    expect([client.status, client.text()]).toEqual([400, '{"Message":"bad peer","Code":1,"Type":"error"}\n'])
    const unknown = await server.inject({ path: '/api/v0/version' })
    expect([unknown.status, unknown.text()]).toEqual([500, '{"Message":"boom","Code":0,"Type":"error"}\n'])
    expect((await server.inject({ path: '/api/v0/resolve?arg=x' })).json()).toEqual({ Message: 'not even an Error', Code: 0, Type: 'error' })
  })

  it('writes a stream that fails before its first value as an error response', async () => {
    start({ pinLs: () => failAfter([], new CommandError('invalid type \'x\', must be one of {direct, indirect, recursive, all}')) })
    const res = await server.inject({ path: '/api/v0/pin/ls?stream=true&type=x' })
    expect(res.status).toBe(500)
    expect(res.json().Message).toMatch(/^invalid type/)
  })

  it('ends a stream that fails after the first byte with the X-Stream-Error trailer', async () => {
    start({ refsLocal: () => failAfter([{ Ref: CID, Err: '' }], new CommandError('line one\r\nline two')) })
    const res = await server.inject({ path: '/api/v0/refs/local' })
    expect(res.status).toBe(200)
    expect(res.complete).toBe(true)
    expect(res.text()).toBe(`{"Ref":"${CID}","Err":""}\n`)
    expect(res.trailers).toEqual({ 'x-stream-error': 'line one  line two' })
    expect(res.raw.toString()).toMatch(/\r\n0\r\nX-Stream-Error: line one {2}line two\r\n\r\n$/)
  })

  it('ends the body abnormally when the error asks for it', async () => {
    start({ refsLocal: () => failAfter([{ Ref: CID, Err: '' }], Object.assign(new CommandError('pin failed'), { abortStream: true })) })
    const res = await server.inject({ path: '/api/v0/refs/local' })
    expect(res.status).toBe(200)
    expect(res.complete).toBe(false)
    expect(res.text()).toBe(`{"Ref":"${CID}","Err":""}\n`)
    expect(res.raw.toString()).not.toMatch(/\r\n0\r\n/)
    expect(res.trailers).toEqual({})
  })

  it('ends the body abnormally for commands listed in abortStreamOnError', async () => {
    start({ pinAdd: () => failAfter([{ Progress: 1 }], new CommandError('pin failed')) }, { abortStreamOnError: ['pin/add'] })
    const res = await server.inject({ path: `/api/v0/pin/add?arg=${CID}&progress=true` })
    expect([res.status, res.complete, res.text()]).toEqual([200, false, '{"Progress":1}\n'])
    const other = await server.inject({ path: '/api/v0/refs/local' })
    expect(other.complete).toBe(true)
  })

  it('fails a byte stream before its first chunk as JSON, and after it with the trailer', async () => {
    start({
      async cat () { return { body: failAfter([], new CommandError('this dag node is a directory')) } },
      async blockGet () { return { body: failAfter([new Uint8Array([1, 2])], new CommandError('block not found')) } }
    })
    const early = await server.inject({ path: '/api/v0/cat?arg=x' })
    expect([early.status, early.json().Message]).toEqual([500, 'this dag node is a directory'])
    const late = await server.inject({ path: '/api/v0/block/get?arg=x' })
    expect([late.status, late.body.length, late.trailers['x-stream-error']]).toEqual([200, 2, 'block not found'])
  })

  it('writes transport errors from middleware as plain text without command headers', async () => {
    start({}, { middleware: [async function deny () { throw new ForbiddenError() }] })
    const res = await server.inject({ path: '/api/v0/id' })
    expect(res.status).toBe(403)
    expect(res.text()).toBe('403 - Forbidden\n')
    expect(res.headers.server).toBeUndefined()
  })

  it('keeps serving after a backend misbehaves', async () => {
    start({ async id () { return undefined as never }, async version () { throw Object.create(null) } })
    expect((await server.inject({ path: '/api/v0/id' })).text()).toBe('null\n')
    expect((await server.inject({ path: '/api/v0/version' })).status).toBe(500)
    expect((await server.inject({ path: '/api/v0/refs/local' })).status).toBe(200)
  })
})
