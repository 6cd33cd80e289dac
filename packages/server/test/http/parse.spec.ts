import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { CID, testBackend } from '../fixtures/backend.ts'
import { multipart, multipartType } from '../fixtures/multipart.ts'
import { headerLines } from '../fixtures/wire.ts'
import type { IpfsApiServer } from '../../src/index.ts'

describe('option grammar and parse errors (texts from go-ipfs-cmds, checked against kubo 0.42)', () => {
  let server: IpfsApiServer
  let backend: ReturnType<typeof testBackend>
  afterEach(async () => { await server.close() })
  const start = (): IpfsApiServer => (server = ipfsApiServer({ backend: backend = testBackend() }))

  it.each([
    ['/api/v0/pin/add?recursive=yes&arg=x', 'could not convert value "yes" to type "bool" (for option "-recursive")'],
    ['/api/v0/pin/add', 'argument "ipfs-path" is required'],
    ['/api/v0/pin/update?arg=a', 'argument "to-path" is required'],
    ['/api/v0/pin/ls?type=all&type=direct', 'expected key type to have only a single value, received [all direct]'],
    ['/api/v0/pin/ls?t=all&t=direct', 'expected key type to have only a single value, received [all direct]'],
    ['/api/v0/cat?arg=x&offset=', 'could not convert empty value to type "int64" (for option "-offset")'],
    ['/api/v0/cat?arg=x&o=abc', 'could not convert value "abc" to type "int64" (for option "-offset")'],
    ['/api/v0/add?cid-version=99999999999', 'file argument \'path\' is required'],
    ['/api/v0/add', 'file argument \'path\' is required'],
    ['/api/v0/block/put', 'file argument \'data\' is required'],
    ['/api/v0/get?arg=x&compression-level=1.5', 'could not convert value "1.5" to type "int" (for option "-compression-level")'],
    ['/api/v0/name/resolve?dht-record-count=-1', 'could not convert value "-1" to type "uint" (for option "-dht-record-count")']
  ])('%s is 400: %s', async (path, message) => {
    start()
    const res = await server.inject({ path })
    expect(res.status).toBe(400)
    expect(res.text()).toBe(`${message}\n`)
    expect(headerLines(res)).toEqual([
      'Content-Type: text/plain; charset=utf-8', 'Vary: Origin', 'X-Content-Type-Options: nosniff', `Content-Length: ${Buffer.byteLength(message) + 1}`
    ])
    expect(Object.keys(backend.calls)).toEqual([])
  })

  it('refuses a multipart body without a boundary', async () => {
    start()
    const res = await server.inject({ path: '/api/v0/add', headers: { 'content-type': 'multipart/form-data' }, body: 'x' })
    expect(res.status).toBe(400)
    expect(res.text()).toBe('no multipart boundary param in Content-Type\n')
  })

  it('answers an invalid encoding with 400, after the command headers (Server) were set', async () => {
    start()
    const res = await server.inject({ path: '/api/v0/id?encoding=foo' })
    expect(res.status).toBe(400)
    expect(res.text()).toBe('invalid encoding: foo\n')
    expect(headerLines(res)).toEqual([
      'Content-Type: text/plain; charset=utf-8', 'Server: kubo/0.42.0', 'Vary: Origin', 'X-Content-Type-Options: nosniff', 'Content-Length: 22'
    ])
    expect((await server.inject({ path: '/api/v0/id?enc=protobuf' })).text()).toBe('invalid encoding: protobuf\n')
  })

  it('answers an unparsable timeout with an empty 200, as Kubo does', async () => {
    start()
    const res = await server.inject({ path: '/api/v0/id?timeout=xyz' })
    expect(res.status).toBe(200)
    expect(res.body.length).toBe(0)
    expect(headerLines(res)).toEqual(['Server: kubo/0.42.0', 'Vary: Origin', 'Content-Length: 0'])
    expect(backend.calls.id).toBeUndefined()
  })

  it('accepts short aliases, bare flags and ParseBool spellings', async () => {
    start()
    await server.inject({ path: `/api/v0/pin/add?arg=${CID}&r=false&progress&n=name` })
    await server.inject({ path: `/api/v0/pin/add?arg=${CID}&recursive=&progress=T` })
    await server.inject({ path: `/api/v0/pin/ls?t=direct&q=1&s=0` })
    expect(backend.calls.pinAdd.map((call) => [call.options.recursive, call.options.progress, call.options.name])).toEqual([
      [false, true, 'name'], [true, true, undefined]
    ])
    expect(backend.calls.pinLs[0].options).toMatchObject({ type: 'direct', quiet: true, stream: false })
  })

  it('types options: int like ParseInt(v, 0, 32), int64/uint64 as bigint', async () => {
    start()
    await server.inject({ path: '/api/v0/cat?arg=x&offset=0x10&l=9007199254740993' })
    await server.inject({ path: '/api/v0/get?arg=x&compression-level=011&compress' })
    expect(backend.calls.cat[0].options).toMatchObject({ offset: 16n, length: 9007199254740993n })
    expect(backend.calls.get[0].options).toMatchObject({ compressionLevel: 9, compress: true })
  })

  it('ignores unknown parameters and server-side globals, keeps backend globals and the caller\'s timeout (in ms)', async () => {
    start()
    const res = await server.inject({ path: '/api/v0/id?headers=[object%20Object]&peer-id=x&stream-channels=true&encoding=json&timeout=1m&cid-base=base32&offline' })
    expect(res.status).toBe(200)
    const options = backend.calls.id[0].options
    expect(Object.keys(options).sort()).toEqual(['cidBase', 'offline', 'signal', 'timeout'])
    expect(options.cidBase).toBe('base32')
    expect(options.timeout).toBe(60_000)
  })

  it('takes repeated args, and a last path segment as the first argument', async () => {
    start()
    await server.inject({ path: '/api/v0/cat?arg=a&arg=b' })
    await server.inject({ path: `/api/v0/pin/add/${CID}?arg=second` })
    await server.inject({ path: '/api/v0/id/' })
    await server.inject({ path: '/api/v0/block/stat/Qm%20x' })
    expect(backend.calls.cat[0].args).toEqual([['a', 'b']])
    expect(backend.calls.pinAdd[0].args).toEqual([[CID, 'second']])
    expect(backend.calls.id[0].args).toEqual([''])
    expect(backend.calls.blockStat[0].args).toEqual(['Qm x'])
  })

  it('accepts an empty Content-Type header and a body on a command without upload', async () => {
    start()
    const res = await server.inject({ path: '/api/v0/version', headers: { 'content-type': '' }, body: 'ignored' })
    expect(res.status).toBe(200)
    expect(res.json()).toMatchObject({ Version: '0.42.0' })
  })

  it('refuses an announced body over the limit on a command without upload (413)', async () => {
    server = ipfsApiServer({ backend: testBackend(), maxBodySize: 10 })
    const res = await server.inject({ path: '/api/v0/version', body: 'x'.repeat(11) })
    expect(res.status).toBe(413)
    expect(res.text()).toBe('request body too large: 11 bytes, and a command without a file argument takes at most 10\n')
    expect(res.headers.connection).toBe('close') // the unread body is not drained
  })

  it('reads string arguments from the first multipart part (EnableStdin)', async () => {
    start()
    const body = multipart([{ field: 'stdin', filename: '', content: `${CID}\nsecond\r\nthird` }])
    const headers = { 'content-type': multipartType() }
    expect((await server.inject({ path: '/api/v0/pin/add', headers, body })).json()).toEqual({ Pins: [CID, 'second', 'third'] })
    await server.inject({ path: '/api/v0/pin/rm?arg=q', headers, body })
    await server.inject({ path: '/api/v0/block/stat', headers, body })
    await server.inject({ path: '/api/v0/block/get?arg=q', headers, body })
    expect(backend.calls.pinRm[0].args).toEqual([['q', CID, 'second', 'third']])
    expect(backend.calls.blockStat[0].args).toEqual([CID])
    expect(backend.calls.blockGet[0].args).toEqual(['q'])
  })

  it('still needs the argument when the body has no lines', async () => {
    start()
    const res = await server.inject({ path: '/api/v0/pin/add', headers: { 'content-type': multipartType() }, body: multipart([]) })
    expect(res.status).toBe(400)
    expect(res.text()).toBe('argument "ipfs-path" is required\n')
  })
})
