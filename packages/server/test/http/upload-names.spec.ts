/**
 * Hostile upload file names: traversal in every spelling a client can encode it, and names deep
 * or long enough to make the entry stream explode.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { CID, readEntries, testBackend } from '../fixtures/backend.ts'
import { multipart, multipartType } from '../fixtures/multipart.ts'
import type { IpfsApiServer, IpfsApiServerInit } from '../../src/index.ts'

const headers = { 'content-type': multipartType() }

describe('upload file names', () => {
  let server: IpfsApiServer
  let added: string[][]
  afterEach(async () => { await server.close() })

  function start (init: Partial<IpfsApiServerInit> = {}): void {
    added = []
    server = ipfsApiServer({
      ...init,
      backend: testBackend({
        async * add (entries) {
          added.push((await readEntries(entries)).map((entry) => entry.path))
          yield { Name: '', Hash: CID, Size: '1' }
        }
      })
    })
  }

  /** The status, the error message if any, and the paths the backend received */
  async function upload (filename: string): Promise<{ status: number, message?: string, paths?: string[] }> {
    const before = added.length
    const res = await server.inject({ path: '/api/v0/add', headers, body: multipart([{ filename, content: 'x' }]) })
    return res.status === 200 ? { status: 200, paths: added[before] } : { status: res.status, message: res.json().Message }
  }

  it('refuses every spelling of a climb above the root with rejectPathTraversal', async () => {
    start({ rejectPathTraversal: true })
    // a backslash reaches the name escaped (`\\` inside the quoted filename) or percent-encoded
    const climbs = ['../x', 'a/../../x', '%2e%2e/x', '%2E%2E%2Fx', '..%2F..%2Fetc%2Fpasswd', '..\\\\x', 'a%5C..%5C..%5Cx', '%2e%2e%5cx', './../x']
    for (const name of climbs) {
      const res = await upload(name)
      expect(res, name).toMatchObject({ status: 400, message: expect.stringMatching(/^invalid file path ".*": it leaves the upload root$/) })
    }
    expect(added).toEqual([]) // the backend was never called
  })

  it('keeps names that only look odd, the way Kubo decodes them', async () => {
    start({ rejectPathTraversal: true })
    expect(await upload('/etc/passwd')).toEqual({ status: 200, paths: ['etc', 'etc/passwd'] }) // rooted at the upload
    expect(await upload('%2Fetc%2Fpasswd')).toEqual({ status: 200, paths: ['etc', 'etc/passwd'] })
    expect(await upload('a/../b')).toEqual({ status: 200, paths: ['b'] }) // climbs, but not out
    expect(await upload('a+b%2Bc')).toEqual({ status: 200, paths: ['a b+c'] }) // + is a space, %2B a plus
    expect(await upload('..+')).toEqual({ status: 200, paths: ['.. '] })
    expect(await upload('%252e%252e/x')).toEqual({ status: 200, paths: ['%2e%2e', '%2e%2e/x'] }) // decoded once, like Go
    expect(await upload('a\\\\b')).toEqual({ status: 200, paths: ['a\\b'] }) // one segment, as in Kubo
    expect(await upload('a\\b')).toEqual({ status: 200, paths: ['ab'] }) // a quoted-string escape, as in Go's mime
    expect(await upload('....//x')).toEqual({ status: 200, paths: ['....', '..../x'] })
  })

  it('drops the climb without rejectPathTraversal, as Kubo does', async () => {
    start()
    expect(await upload('..%2F..%2Fetc%2Fpasswd')).toEqual({ status: 200, paths: ['etc', 'etc/passwd'] })
  })

  it('refuses a name deeper than the limits at once, without building its directories', async () => {
    // one 80 KB part header: 39 000 directories, each carrying its full path (Kubo takes minutes)
    const deep = `${'a/'.repeat(39_000)}f`
    start()
    let started = Date.now()
    expect(await upload(deep)).toEqual({ status: 400, message: `invalid file path "${'a/'.repeat(32)}…": 78001 bytes, more than 4096` })
    expect(Date.now() - started).toBeLessThan(2000)
    await server.close()
    start({ maxPathLength: 1 << 20 })
    started = Date.now()
    expect(await upload(deep)).toEqual({ status: 400, message: `invalid file path "${'a/'.repeat(32)}…": 39001 levels deep, more than 256` })
    expect(Date.now() - started).toBeLessThan(2000)
    expect((await upload(`${'a/'.repeat(255)}f`)).paths).toHaveLength(256)
  })

  it('refuses a name longer than maxPathLength', async () => {
    start({ maxPathLength: 100, maxPathDepth: 3 })
    expect(await upload('x'.repeat(101))).toMatchObject({ status: 400, message: expect.stringMatching(/: 101 bytes, more than 100$/) })
    expect(await upload('a/b/c/d')).toMatchObject({ status: 400, message: 'invalid file path "a/b/c/d": 4 levels deep, more than 3' })
    expect(await upload('a/b/c')).toEqual({ status: 200, paths: ['a', 'a/b', 'a/b/c'] })
  })
})
