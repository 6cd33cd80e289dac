import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { CID, readEntries, testBackend } from '../fixtures/backend.ts'
import { BOUNDARY, multipart, multipartType, partHead } from '../fixtures/multipart.ts'
import type { IpfsApiServer, IpfsApiServerInit } from '../../src/index.ts'
import type { Backend, FileEntry } from '@composite-ipfs/interface'

const headers = { 'content-type': multipartType() }

describe('multipart uploads (add, block/put, dag/put)', () => {
  let server: IpfsApiServer
  let backend: ReturnType<typeof testBackend>
  afterEach(async () => { await server.close() })
  const start = (overrides: Partial<Backend> = {}, init: Partial<IpfsApiServerInit> = {}): IpfsApiServer =>
    (server = ipfsApiServer({ backend: backend = testBackend(overrides), ...init }))

  /** A backend add that records the entries it was given */
  function recordingAdd (seen: Array<Awaited<ReturnType<typeof readEntries>>>, options: unknown[] = []): Partial<Backend> {
    return { async * add (entries, addOptions) { options.push(addOptions); seen.push(await readEntries(entries)); yield { Name: '', Hash: CID, Size: '1' } } }
  }

  it('streams kubo-rpc-client style uploads to the backend as entries', async () => {
    const seen: Array<Awaited<ReturnType<typeof readEntries>>> = []
    const options: unknown[] = []
    start(recordingAdd(seen, options))
    const body = multipart([
      { field: 'file', filename: encodeURIComponent('dir/a b.txt'), content: 'A' },
      { field: 'file-1?mode=0644&mtime=5&mtime-nsecs=6', filename: encodeURIComponent('dir/b.txt'), content: 'B' },
      { field: 'dir-2', filename: encodeURIComponent('dir/sub'), contentType: 'application/x-directory' }
    ])
    const res = await server.inject({ path: '/api/v0/add?stream-channels=true&cid-version=1', headers, body })
    expect(res.status).toBe(200)
    expect(seen).toEqual([[
      { path: 'dir', type: 'directory' },
      { path: 'dir/a b.txt', type: 'file', text: 'A' },
      { path: 'dir/b.txt', type: 'file', mode: 0o644, mtime: { secs: 5n, nsecs: 6 }, text: 'B' },
      { path: 'dir/sub', type: 'directory' }
    ]])
    expect(options[0]).toMatchObject({ cidVersion: 1 })
  })

  it('reads Go CLI uploads (url.QueryEscape names, all parts named file)', async () => {
    const seen: Array<Awaited<ReturnType<typeof readEntries>>> = []
    start(recordingAdd(seen))
    const body = multipart([{ filename: 'a+b%2Bc.txt', content: 'go' }])
    await server.inject({ path: '/api/v0/add', headers, body })
    expect(seen[0]).toEqual([{ path: 'a b+c.txt', type: 'file', text: 'go' }])
  })

  it('drops progress lines unless progress was asked for, and writes Kubo field order', async () => {
    start()
    const body = multipart([{ filename: 'a.txt', content: 'hello' }])
    const quiet = await server.inject({ path: '/api/v0/add?quiet=true', headers, body })
    expect(quiet.text()).toBe(`{"Name":"a.txt","Hash":"${CID}","Size":"13"}\n`)
    const progress = await server.inject({ path: '/api/v0/add?progress=true', headers, body })
    expect(progress.text()).toBe(`{"Name":"a.txt","Bytes":5}\n{"Name":"a.txt","Hash":"${CID}","Size":"13"}\n`)
    expect(progress.headers['x-chunked-output']).toBe('1')
  })

  it('answers an upload without files with 500 expected a file argument', async () => {
    start()
    const empty = await server.inject({ path: '/api/v0/add', headers, body: `--${BOUNDARY}--\r\n` })
    expect([empty.status, empty.text()]).toEqual([500, '{"Message":"expected a file argument","Code":0,"Type":"error"}\n'])
    expect(backend.calls.add).toBeUndefined()
  })

  it('answers the truncated body of kubo t0600 with 500', async () => {
    start()
    const res = await server.inject({
      path: '/api/v0/add?pin=true',
      headers: { 'content-type': 'multipart/form-data; boundary=Pyw9xQLtiLPE6XcI', 'content-length': '22' },
      body: '\r\n--Pyw9xQLtiLPE6XcI\r\n'
    })
    expect(res.status).toBe(500)
    expect(res.json()).toEqual({ Message: 'expected a file argument', Code: 0, Type: 'error' })
  })

  it('fails a body cut off inside a later part in the trailer', async () => {
    start()
    const body = Buffer.concat([Buffer.from(partHead({ filename: 'a' }) + 'whole\r\n'), Buffer.from(partHead({ filename: 'b' }) + 'cut')])
    const res = await server.inject({ path: '/api/v0/add', headers, body })
    expect(res.status).toBe(200)
    expect(res.text()).toBe(`{"Name":"a","Hash":"${CID}","Size":"13"}\n`)
    expect(res.trailers['x-stream-error']).toBe('unexpected EOF')
  })

  it('drops a climbing .. like Kubo, or refuses it with rejectPathTraversal', async () => {
    const seen: Array<Awaited<ReturnType<typeof readEntries>>> = []
    start(recordingAdd(seen))
    const body = multipart([{ filename: '../../etc/x.txt', content: 'x' }])
    await server.inject({ path: '/api/v0/add', headers, body })
    expect(seen[0].map((entry) => entry.path)).toEqual(['etc', 'etc/x.txt'])
    await server.close()
    start({}, { rejectPathTraversal: true })
    const res = await server.inject({ path: '/api/v0/add', headers, body })
    expect(res.status).toBe(400)
    expect(res.json()).toMatchObject({ Code: 1, Type: 'error' })
  })

  it('answers block/put and dag/put with one line per part', async () => {
    start()
    const one = await server.inject({ path: '/api/v0/block/put?cid-codec=raw&mhtype=sha2-256&mhlen=-1&pin=false&allow-big-block=true', headers, body: multipart([{ content: 'block' }]) })
    expect(one.text()).toBe(`{"Key":"${CID}","Size":5}\n`)
    expect(backend.calls.blockPut[0].options).toMatchObject({ cidCodec: 'raw', mhtype: 'sha2-256', mhlen: -1, pin: false, allowBigBlock: true })
    const two = await server.inject({ path: '/api/v0/dag/put?store-codec=dag-cbor', headers, body: multipart([{ content: '{}' }, { content: '[]' }]) })
    expect(two.text()).toBe(`{"Cid":{"/":"${CID}"}}\n{"Cid":{"/":"${CID}"}}\n`)
  })

  it('answers the first entry before the upload ended, with Connection: close', async () => {
    start()
    let firstLine: () => void = () => {}
    const firstLineSeen = new Promise<void>((resolve) => { firstLine = resolve })
    async function * upload (): AsyncGenerator<Uint8Array> {
      yield Buffer.from(partHead({ filename: 'first' }) + 'one\r\n')
      yield Buffer.from(partHead({ filename: 'second' }))
      await firstLineSeen // the upload waits until the client saw the first result
      yield Buffer.from(`two\r\n--${BOUNDARY}--\r\n`)
    }
    const res = await server.inject({ path: '/api/v0/add', headers, body: upload(), onChunk: () => { firstLine() } })
    expect(res.headers.connection).toBe('close')
    expect(res.text().trim().split('\n').map((line) => JSON.parse(line).Name)).toEqual(['first', 'second'])
  })

  it('hands entries to the backend lazily: the next part is read only when asked for', async () => {
    let release: () => void = () => {}
    const released = new Promise<void>((resolve) => { release = resolve })
    const pulled: string[] = []
    start({
      async * add (entries: AsyncIterable<FileEntry>) {
        for await (const entry of entries) {
          pulled.push(entry.path)
          yield { Name: entry.path, Hash: CID }
          await released
        }
      }
    })
    const body = multipart([{ filename: 'a', content: 'x' }, { filename: 'b', content: 'y' }])
    const response = server.inject({ path: '/api/v0/add', headers, body })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(pulled).toEqual(['a'])
    release()
    expect((await response).status).toBe(200)
    expect(pulled).toEqual(['a', 'b'])
  })
})
