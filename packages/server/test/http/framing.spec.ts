import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { bytesOf, CID, CID2, testBackend } from '../fixtures/backend.ts'
import { headerLines, PREAMBLE } from '../fixtures/wire.ts'
import type { IpfsApiServer } from '../../src/index.ts'
import type { Backend } from '@composite-ipfs/interface'

const SINGLE = [...PREAMBLE, 'Content-Type: application/json', 'Server: kubo/0.42.0', 'Trailer: X-Stream-Error', 'Vary: Origin', 'Transfer-Encoding: chunked']
const STREAM = [...PREAMBLE, 'Content-Type: application/json', 'Server: kubo/0.42.0', 'Trailer: X-Stream-Error', 'Vary: Origin', 'X-Chunked-Output: 1', 'Transfer-Encoding: chunked']
const bytesHeaders = (contentType: string, length?: string): string[] => [
  ...PREAMBLE, `Content-Type: ${contentType}`, 'Server: kubo/0.42.0', 'Trailer: X-Stream-Error', 'Vary: Origin',
  ...(length === undefined ? [] : [`X-Content-Length: ${length}`]), 'X-Stream-Output: 1', 'Transfer-Encoding: chunked'
]

/** The chunked body as it went over the wire, framing included */
const bodyOf = (raw: Buffer): string => raw.subarray(raw.indexOf('\r\n\r\n') + 4).toString()

describe('response framing and headers (as kubo 0.42 writes them)', () => {
  let server: IpfsApiServer
  afterEach(async () => { await server.close() })
  const call = async (path: string, overrides: Partial<Backend> = {}): ReturnType<IpfsApiServer['inject']> => {
    server = ipfsApiServer({ backend: testBackend(overrides) })
    return await server.inject({ path })
  }

  it('writes a Single as one compact JSON line without X-Chunked-Output', async () => {
    const res = await call('/api/v0/version')
    expect(headerLines(res)).toEqual(SINGLE)
    expect(res.text()).toBe('{"Version":"0.42.0","Commit":"","Repo":"18","System":"amd64/linux","Golang":"go1.26.8"}\n')
    expect(res.raw.toString()).toMatch(/\r\n0\r\n\r\n$/) // chunked, properly terminated, no trailer
  })

  it('writes a stream as NDJSON with X-Chunked-Output, one chunk per value (t0230)', async () => {
    const res = await call('/api/v0/refs/local?stream-channels=true&encoding=json')
    expect(headerLines(res)).toEqual(STREAM)
    expect(res.text()).toBe(`{"Ref":"${CID}","Err":""}\n{"Ref":"${CID2}","Err":""}\n`)
    const chunks = bodyOf(res.raw)
    expect(chunks).toBe(`42\r\n{"Ref":"${CID}","Err":""}\n\r\n42\r\n{"Ref":"${CID2}","Err":""}\n\r\n0\r\n\r\n`)
  })

  it('writes text encoding with text/plain and Kubo text lines', async () => {
    const res = await call('/api/v0/refs/local?encoding=text')
    expect(res.headers['content-type']).toBe('text/plain')
    expect(res.text()).toBe(`${CID}\n${CID2}\n`)
    expect((await call('/api/v0/version?encoding=text')).text()).toBe('ipfs version 0.42.0\n')
    expect((await call('/api/v0/pin/ls?encoding=text')).text()).toBe(`${CID2} recursive\n${CID} direct n\n`)
    expect((await call(`/api/v0/pin/add?arg=${CID}&encoding=text&recursive=false`)).text()).toBe(`pinned ${CID} directly\n`)
    // quiet only changes the text form (Kubo's JSON encoder ignores it)
    expect((await call('/api/v0/pin/ls?stream=true&quiet=true&encoding=text')).text()).toBe(`${CID2}\n${CID}\n`)
    expect((await call('/api/v0/pin/ls?stream=true&quiet=true')).text()).toBe(`{"Cid":"${CID2}","Type":"recursive"}\n{"Cid":"${CID}","Name":"n","Type":"direct"}\n`)
  })

  it('answers an empty stream with 200, the stream headers and no body', async () => {
    const res = await call('/api/v0/pin/ls?stream=true', { async * pinLs () {} })
    expect(res.status).toBe(200)
    expect(headerLines(res)).toEqual(STREAM)
    expect(res.body.length).toBe(0)
  })

  it.each([
    ['/api/v0/cat?arg=x', 'text/plain', '12', 'hello world\n'],
    ['/api/v0/block/get?arg=x', 'application/vnd.ipld.raw', undefined, 'block'],
    ['/api/v0/get?arg=x', 'application/x-tar', undefined, 'tar'],
    ['/api/v0/get?arg=x&compress=true', 'application/gzip', undefined, 'tar'],
    ['/api/v0/dag/export?arg=x', 'application/vnd.ipld.car', undefined, 'car'],
    ['/api/v0/dag/get?arg=x', 'text/plain', undefined, '{"a":1}']
  ])('writes %s as bytes with %s', async (path, contentType, length, body) => {
    const res = await call(path)
    expect(headerLines(res)).toEqual(bytesHeaders(contentType, length))
    expect(res.text()).toBe(body)
  })

  it('lets a ByteStream choose its content type, and sends an empty byte stream', async () => {
    const res = await call('/api/v0/dag/get?arg=x&output-codec=dag-cbor', { async dagGet () { return { contentType: 'application/cbor', body: (async function * () {})() } } })
    expect(res.headers['content-type']).toBe('application/cbor')
    expect(res.headers['x-stream-output']).toBe('1')
    expect(res.body.length).toBe(0)
  })

  it('writes repo/stat integers exactly, and keeps all five keys with size-only', async () => {
    expect((await call('/api/v0/repo/stat')).text()).toBe('{"RepoSize":20332,"StorageMax":18446744073709551615,"NumObjects":8,"RepoPath":"/repo","Version":"fs-repo@18"}\n')
    expect((await call('/api/v0/repo/stat?size-only=true')).text()).toBe('{"RepoSize":20332,"StorageMax":18446744073709551615,"NumObjects":0,"RepoPath":"","Version":""}\n')
  })

  it('answers pin/add with one Pins object, or a progress stream when asked', async () => {
    const single = await call(`/api/v0/pin/add/${CID}?stream=true`)
    expect(headerLines(single)).toEqual(SINGLE)
    expect(single.text()).toBe(`{"Pins":["${CID}"]}\n`) // t0600
    const progress = await call(`/api/v0/pin/add?arg=${CID}&progress=true`, {
      async * pinAdd (paths) { yield { Progress: 0 }; yield { Progress: 1, Bytes: 11 }; yield { Pins: paths } }
    })
    expect(headerLines(progress)).toEqual(STREAM)
    expect(progress.text()).toBe(`{}\n{"Progress":1,"Bytes":11}\n{"Pins":["${CID}"]}\n`)
  })

  it('answers pin/ls as sorted Keys with Name, or stream lines without an empty Name', async () => {
    // CID2 sorts before CID, whatever order the backend yields them in
    const unsorted: Partial<Backend> = { async * pinLs () { yield { Cid: CID, Type: 'direct', Name: 'n' }; yield { Cid: CID2, Type: 'recursive' } } }
    expect((await call('/api/v0/pin/ls', unsorted)).text()).toBe(`{"Keys":{"${CID2}":{"Type":"recursive","Name":""},"${CID}":{"Type":"direct","Name":"n"}}}\n`)
    expect((await call('/api/v0/pin/ls?stream=true')).text()).toBe(`{"Cid":"${CID2}","Type":"recursive"}\n{"Cid":"${CID}","Name":"n","Type":"direct"}\n`)
    expect((await call('/api/v0/pin/ls', { async * pinLs () {} })).text()).toBe('{}\n')
  })

  it('shapes add, repo/gc, block and dag results with Kubo field order', async () => {
    const gc = await call('/api/v0/repo/gc?stream-errors=true', { async * repoGc () { yield { Key: { '/': CID } }; yield { Error: 'boom' } } })
    expect(gc.text()).toBe(`{"Key":{"/":"${CID}"}}\n{"Key":null,"Error":"boom"}\n`)
    const rm = await call(`/api/v0/block/rm?arg=${CID}`, { async * blockRm () { yield { Error: 'x', Hash: CID } } })
    expect(rm.text()).toBe(`{"Hash":"${CID}","Error":"x"}\n`)
    expect((await call(`/api/v0/block/stat?arg=${CID}`)).text()).toBe(`{"Key":"${CID}","Size":5}\n`)
  })

  it('writes config/show with sorted keys, swarm/peers as given, name/resolve single or streamed', async () => {
    expect((await call('/api/v0/config/show')).text()).toBe('{"a":{"c":3,"d":2},"b":1}\n')
    expect((await call('/api/v0/swarm/peers')).text()).toBe('{"Peers":null}\n')
    const single = await call('/api/v0/name/resolve?arg=k51')
    expect(headerLines(single)).toEqual(SINGLE)
    expect(single.text()).toBe(`{"Path":"/ipfs/${CID}"}\n`)
    const streamed = await call('/api/v0/name/resolve?arg=k51&stream=true')
    expect(headerLines(streamed)).toEqual(STREAM)
    expect(streamed.text()).toBe(`{"Path":"/ipfs/${CID2}"}\n{"Path":"/ipfs/${CID}"}\n`)
  })

  it('sends a configured Server header, or none', async () => {
    server = ipfsApiServer({ backend: testBackend(), serverHeader: 'kubo/0.44.0-dev' })
    expect((await server.inject({ path: '/api/v0/id' })).headers.server).toBe('kubo/0.44.0-dev')
    await server.close()
    server = ipfsApiServer({ backend: testBackend(), serverHeader: '' })
    expect((await server.inject({ path: '/api/v0/id' })).headers.server).toBeUndefined()
  })

  it('writes bytes as they come, with a single chunk for each backend chunk', async () => {
    const res = await call('/api/v0/cat?arg=x', { async cat () { return bytesOf('a', 'bc') } })
    expect(bodyOf(res.raw)).toBe('1\r\na\r\n2\r\nbc\r\n0\r\n\r\n')
  })
})
