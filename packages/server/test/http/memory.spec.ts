import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { CID, testBackend } from '../fixtures/backend.ts'
import { post } from '../fixtures/client.ts'
import { BOUNDARY, multipartType, partHead } from '../fixtures/multipart.ts'
import type { IpfsApiServer } from '../../src/index.ts'

const MiB = 1024 * 1024

describe('streaming uploads', () => {
  let server: IpfsApiServer
  afterEach(async () => { await server.close() })

  it('streams a 256 MiB upload through add without growing memory', async () => {
    let received = 0
    server = ipfsApiServer({
      backend: testBackend({
        async * add (entries) {
          for await (const entry of entries) {
            for await (const chunk of entry.content ?? []) received += chunk.byteLength
            yield { Name: entry.path, Hash: CID, Size: String(received) }
          }
        }
      })
    })
    const [address] = await server.listen(['/ip4/127.0.0.1/tcp/0'])
    const block = Buffer.alloc(256 * 1024, 0x61) // reused: the client side allocates nothing per chunk
    async function * upload (): AsyncGenerator<Uint8Array> {
      yield Buffer.from(partHead({ filename: 'big.bin' }))
      for (let sent = 0; sent < 256 * MiB; sent += block.length) yield block
      yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`)
    }
    global.gc?.()
    const baseline = process.memoryUsage()
    let peakRss = baseline.rss
    let peakHeap = baseline.heapUsed
    const sampler = setInterval(() => {
      const usage = process.memoryUsage()
      peakRss = Math.max(peakRss, usage.rss)
      peakHeap = Math.max(peakHeap, usage.heapUsed)
    }, 20)
    try {
      const res = await post({ host: '127.0.0.1', port: Number(new URL(address.url).port), path: '/api/v0/add', headers: { 'content-type': multipartType() }, body: upload() })
      expect(res.status).toBe(200)
      expect(JSON.parse(res.body)).toEqual({ Name: 'big.bin', Hash: CID, Size: String(256 * MiB) })
    } finally {
      clearInterval(sampler)
    }
    expect(received).toBe(256 * MiB)
    expect((peakRss - baseline.rss) / MiB).toBeLessThan(100)
    expect((peakHeap - baseline.heapUsed) / MiB).toBeLessThan(100)
  })
})
