import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { testBackend } from '../fixtures/backend.ts'
import { BOUNDARY, multipart, multipartType } from '../fixtures/multipart.ts'
import type { IpfsApiServer } from '../../src/index.ts'

const COMMANDS = ['add', 'pin/add', 'pin/ls', 'cat', 'block/put', 'dag/put', 'id', 'repo/stat', 'refs', 'nope', 'pin/add/x']

describe('never crashes on bad input', () => {
  let server: IpfsApiServer
  beforeAll(() => { server = ipfsApiServer({ backend: testBackend() }) })
  afterAll(async () => { await server.close() })

  it('answers arbitrary queries and bodies, and keeps serving', async () => {
    const valid = multipart([{ filename: 'a', content: 'x' }, { filename: 'b/c', content: 'y' }])
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...COMMANDS),
      fc.string({ maxLength: 40 }),
      fc.oneof(
        fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
        fc.nat({ max: valid.length }).map((cut) => valid.subarray(0, cut)),
        fc.string({ maxLength: 80 }).map((text) => Buffer.from(`--${BOUNDARY}\r\n${text}`))
      ),
      fc.constantFrom(multipartType(), 'multipart/form-data; boundary=', 'text/plain', '', 'multipart/form-data; boundary="x'),
      async (command, query, body, contentType) => {
        const res = await server.inject({ path: `/api/v0/${command}?${encodeURI(query)}`, headers: { 'content-type': contentType }, body })
        expect(res.status).toBeGreaterThanOrEqual(200)
        expect(res.status).toBeLessThan(600)
      }
    ), { numRuns: 150 })
    expect((await server.inject({ path: '/api/v0/version' })).status).toBe(200)
  })
})
