import { describe, expect, it } from 'vitest'
import { toEntries } from '../../src/multipart/entries.ts'
import { readParts } from '../../src/multipart/parts.ts'
import { readEntries, text } from '../fixtures/backend.ts'
import { BOUNDARY, multipart, partHead } from '../fixtures/multipart.ts'

/** A source that hands out `body` in chunks and counts how many were pulled */
function chunked (body: Buffer, size: number): AsyncIterable<Uint8Array> & { pulled: number } {
  const source = {
    pulled: 0,
    async * [Symbol.asyncIterator] () {
      for (let offset = 0; offset < body.length; offset += size) {
        source.pulled++
        yield body.subarray(offset, offset + size)
      }
    }
  }
  return source
}

const entriesOf = async (body: Buffer, options = {}): ReturnType<typeof readEntries> =>
  await readEntries(toEntries(readParts(chunked(body, 7), BOUNDARY), options))

describe('multipart parts', () => {
  it('reads parts with their headers and bytes, across any chunking', async () => {
    const body = multipart([{ filename: 'a.txt', content: 'hello', headers: { abspath: '/home/u/a.txt' } }, { filename: '✓.txt', content: '' }])
    for (const size of [1, 3, 64, body.length]) {
      const parts = []
      for await (const part of readParts(chunked(body, size), BOUNDARY)) {
        parts.push({ disposition: part.headers['content-disposition'], abspath: part.headers.abspath, text: await text(part.body) })
      }
      expect(parts).toEqual([
        { disposition: 'form-data; name="file"; filename="a.txt"', abspath: '/home/u/a.txt', text: 'hello' },
        { disposition: 'form-data; name="file"; filename="✓.txt"', abspath: undefined, text: '' }
      ])
    }
  })

  it('skips the rest of a part the consumer did not read', async () => {
    const body = multipart([{ filename: 'a', content: 'x'.repeat(100_000) }, { filename: 'b', content: 'second' }])
    const bodies: string[] = []
    for await (const part of readParts(chunked(body, 4096), BOUNDARY)) {
      bodies.push(part.headers['content-disposition'].includes('"b"') ? await text(part.body) : 'skipped')
    }
    expect(bodies).toEqual(['skipped', 'second'])
  })

  it('does not read ahead while a part waits to be consumed (backpressure)', async () => {
    const big = 'x'.repeat(1024 * 1024)
    const source = chunked(multipart([{ filename: 'a', content: big }, { filename: 'b', content: big }]), 16 * 1024)
    const parts = readParts(source, BOUNDARY)
    const first = await parts.next()
    await new Promise((resolve) => setTimeout(resolve, 50))
    // only a part high-water mark (64 KiB) and a few chunks of slack were read
    expect(source.pulled).toBeLessThan(12)
    expect((await text(first.value?.body)).length).toBe(big.length)
    await parts.return()
  })

  it('does not parse the next part before the consumer asks for it', async () => {
    const many = multipart(Array.from({ length: 200 }, (_, i) => ({ filename: `f${i}`, content: `content ${i}` })))
    const source = chunked(many, 512)
    const parts = readParts(source, BOUNDARY)
    await parts.next()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(source.pulled).toBeLessThan(4)
    await parts.return()
  })

  it('fails a part cut off by the end of the body, then the next part', async () => {
    const body = Buffer.concat([multipart([{ filename: 'a', content: 'whole' }]).subarray(0, -(`--${BOUNDARY}--\r\n`.length)), Buffer.from(partHead({ filename: 'b' }) + 'cut')])
    const parts = readParts(chunked(body, 5), BOUNDARY)
    expect(await text((await parts.next()).value?.body)).toBe('whole')
    await expect(text((await parts.next()).value?.body)).rejects.toThrow('unexpected EOF')
    await expect(parts.next()).rejects.toThrow('multipart: NextPart: EOF')
  })

  it('fails when the body ends before the first part', async () => {
    const parts = readParts(chunked(Buffer.from(`\r\n--${BOUNDARY}\r\n`), 5), BOUNDARY)
    await expect(parts.next()).rejects.toMatchObject({ code: 'ERR_MULTIPART' })
  })

  it('surfaces a failing source (client gone) in the part being read', async () => {
    const source = {
      async * [Symbol.asyncIterator] () {
        yield Buffer.from(partHead({ filename: 'a' }) + 'partial')
        throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' })
      }
    }
    const parts = readParts(source, BOUNDARY)
    await expect(text((await parts.next()).value?.body)).rejects.toMatchObject({ code: 'ERR_ABORTED' })
  })
})

describe('multipart entries', () => {
  it('maps directories, symlinks, files and metadata', async () => {
    const body = multipart([
      { field: 'dir?mode=0755', filename: 'd', contentType: 'application/x-directory' },
      { field: 'file-1?mode=0644&mtime=1700000000&mtime-nsecs=7', filename: 'd%2Fa.txt', content: 'A' },
      { field: 'file-2', filename: 'd%2Flink', contentType: 'application/symlink', content: 'a.txt' },
      { filename: '', content: 'unnamed' }
    ])
    expect(await entriesOf(body)).toEqual([
      { path: 'd', type: 'directory', mode: 0o755 },
      { path: 'd/a.txt', type: 'file', mode: 0o644, mtime: { secs: 1700000000n, nsecs: 7 }, text: 'A' },
      { path: 'd/link', type: 'symlink', text: 'a.txt' },
      { path: '', type: 'file', text: 'unnamed' }
    ])
  })

  it('creates the directories of implicit path prefixes once', async () => {
    const body = multipart([{ filename: 'a/b/c.txt', content: '1' }, { filename: 'a/b/d.txt', content: '2' }, { filename: 'a/e', contentType: 'application/x-directory' }])
    expect(await entriesOf(body)).toEqual([
      { path: 'a', type: 'directory' },
      { path: 'a/b', type: 'directory' },
      { path: 'a/b/c.txt', type: 'file', text: '1' },
      { path: 'a/b/d.txt', type: 'file', text: '2' },
      { path: 'a/e', type: 'directory' }
    ])
  })

  it('decodes Go (QueryEscape, +) and JS (encodeURIComponent) file names alike', async () => {
    const body = multipart([{ filename: 'my+file.txt', content: 'go' }, { filename: encodeURIComponent('my file.txt'), content: 'js' }])
    expect((await entriesOf(body)).map((entry) => entry.path)).toEqual(['my file.txt', 'my file.txt'])
  })

  it('keeps the abspath header (and decodes abspath-encoded)', async () => {
    const body = multipart([{ filename: 'a', content: '', headers: { abspath: '/data/a' } }, { filename: 'b', content: '', headers: { 'abspath-encoded': '%2Fdata%2Fb+c' } }])
    expect((await entriesOf(body)).map((entry) => entry.headers)).toEqual([{ abspath: '/data/a' }, { abspath: '/data/b c' }])
  })

  it('drops a climbing .. like Kubo, or refuses it when asked to', async () => {
    const body = multipart([{ filename: '../../etc/passwd', content: 'x' }])
    expect((await entriesOf(body)).map((entry) => entry.path)).toEqual(['etc', 'etc/passwd'])
    await expect(entriesOf(body, { rejectPathTraversal: true })).rejects.toMatchObject({ code: 'ERR_PATH_TRAVERSAL', status: 400 })
  })
})
