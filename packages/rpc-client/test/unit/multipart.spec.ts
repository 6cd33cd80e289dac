import { describe, expect, it } from 'vitest'
import { encodeMultipart } from '../../src/multipart.ts'
import type { FileEntry } from '@composite-ipfs/interface'

const enc = new TextEncoder()

async function * from (...entries: FileEntry[]): AsyncGenerator<FileEntry> { yield * entries }
async function * bytes (...parts: string[]): AsyncGenerator<Uint8Array> { for (const p of parts) yield enc.encode(p) }

async function text (body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = []
  for await (const c of body) chunks.push(c)
  return Buffer.concat(chunks).toString()
}

describe('encodeMultipart', () => {
  it('writes parts the way Go files.MultiFileReader does', async () => {
    const { contentType, body } = encodeMultipart(from(
      { path: 'dir', type: 'directory' },
      { path: 'dir/a b+c.txt', type: 'file', content: bytes('hel', 'lo'), mode: 0o644, mtime: { secs: 1700000000n, nsecs: 5 } },
      { path: 'dir/link', type: 'symlink', content: bytes('a b+c.txt'), headers: { Abspath: '/home/x/dir/link' } }
    ), { boundary: 'BOUNDARY' })
    expect(contentType).toBe('multipart/form-data; boundary=BOUNDARY')
    expect(await text(body)).toBe([
      '--BOUNDARY',
      'Content-Disposition: form-data; name="file"; filename="dir"',
      'Content-Type: application/x-directory',
      '',
      '\r\n--BOUNDARY',
      'Content-Disposition: form-data; name="file?mode=0644&mtime=1700000000&mtime-nsecs=5"; filename="dir%2Fa%20b%2Bc.txt"',
      'Content-Type: application/octet-stream',
      '',
      'hello\r\n--BOUNDARY',
      'Abspath: /home/x/dir/link',
      'Content-Disposition: form-data; name="file"; filename="dir%2Flink"',
      'Content-Type: application/symlink',
      '',
      'a b+c.txt\r\n--BOUNDARY--',
      ''
    ].join('\r\n'))
  })

  it('parses back with a standard multipart parser', async () => {
    const { contentType, body } = encodeMultipart(from(
      { path: 'x.bin', type: 'file', content: bytes('abc') },
      { path: '', type: 'file', content: bytes('unnamed') }
    ))
    const form = await new Response(Buffer.from(await text(body)), { headers: { 'content-type': contentType } }).formData()
    const files = form.getAll('file') as File[]
    expect(files.map(f => f.name)).toEqual(['x.bin', ''])
    expect(await Promise.all(files.map(async f => f.text()))).toEqual(['abc', 'unnamed'])
  })

  it('streams: content is pulled only as the body is read, never ahead', async () => {
    const pulled: string[] = []
    async function * content (): AsyncGenerator<Uint8Array> {
      for (const p of ['a', 'b', 'c']) { pulled.push(p); yield enc.encode(p) }
    }
    const { body } = encodeMultipart(from({ path: 'f', type: 'file', content: content() }))
    const it = body[Symbol.asyncIterator]()
    await it.next() // part header
    expect(pulled).toEqual([])
    expect(Buffer.from((await it.next()).value as Uint8Array).toString()).toBe('a')
    expect(pulled).toEqual(['a'])
  })

  it('writes an empty form for no entries', async () => {
    expect(await text(encodeMultipart(from(), { boundary: 'B' }).body)).toBe('--B--\r\n')
  })
})
