/**
 * Streams stay streams: an add answers while the upload is still going, and a large add
 * through a composite node (run as its own process) does not grow its memory with the upload.
 */
import { randomFillSync } from 'node:crypto'
import { Readable } from 'node:stream'
import { request } from 'undici'
import { startKubo } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCli } from '../../src/index.ts'
import type { CliProcess } from '../../src/index.ts'
import type { KuboDaemon } from '@composite-ipfs/testbed'

const MiB = 1024 * 1024
const boundary = 'stream-boundary'
const partHead = (name: string): string =>
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`

/**
 * Sends file one and the first half of file two, waits until the first result line arrived,
 * and only then sends the rest: a client still uploading its second file must already see the
 * first file's result.
 */
async function firstLineBeforeUploadEnds (base: string): Promise<{ lines: string[], sawLineBeforeEnd: boolean }> {
  let release!: () => void
  const firstLine = new Promise<void>(resolve => { release = resolve })
  let uploadDone = false
  let sawLineBeforeEnd = false
  async function * body (): AsyncGenerator<Uint8Array> {
    yield Buffer.from(partHead('one.txt') + 'first file\r\n' + partHead('two.txt') + 'second ')
    const timeout = new Promise<void>(resolve => setTimeout(resolve, 20_000))
    await Promise.race([firstLine, timeout])
    yield Buffer.from(`file\r\n--${boundary}--\r\n`)
    uploadDone = true
  }
  const res = await request(`${base}/api/v0/add?stream-channels=true`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Readable.from(body())
  })
  let text = ''
  for await (const chunk of res.body) {
    text += chunk.toString()
    if (text.includes('\n') && !uploadDone) { sawLineBeforeEnd = true; release() }
  }
  return { lines: text.trim().split('\n'), sawLineBeforeEnd }
}

async function * randomUpload (bytes: number): AsyncGenerator<Uint8Array> {
  yield Buffer.from(partHead('big.bin'))
  const chunk = Buffer.alloc(MiB)
  for (let sent = 0; sent < bytes; sent += MiB) yield randomFillSync(chunk).subarray(0)
  yield Buffer.from(`\r\n--${boundary}--\r\n`)
}

describe('streaming through a composite node', () => {
  let kubo: KuboDaemon
  let cli: CliProcess

  beforeAll(async () => {
    kubo = await startKubo()
    cli = await startCli(['serve', '--listen', '/ip4/127.0.0.1/tcp/0', '--kubo', kubo.apiUrl])
  })
  afterAll(async () => {
    await cli?.stop()
    await kubo?.stop()
  })

  it('the first add result reaches the client before the upload ends, as with Kubo', async () => {
    const direct = await firstLineBeforeUploadEnds(kubo.apiUrl)
    const composite = await firstLineBeforeUploadEnds(cli.url)
    expect(direct.sawLineBeforeEnd).toBe(true)
    expect(composite.sawLineBeforeEnd).toBe(true)
    expect(composite.lines).toEqual(direct.lines)
  })

  it('a 256 MiB add grows the node\'s memory by less than 100 MiB', async () => {
    const before = await cli.rss()
    const res = await request(`${cli.url}/api/v0/add?pin=false`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: Readable.from(randomUpload(256 * MiB))
    })
    const text = await res.body.text()
    expect(res.statusCode).toBe(200)
    const last = JSON.parse(text.trim().split('\n').pop() as string) as { Name: string, Hash: string, Size: string }
    expect(last.Name).toBe('big.bin')
    expect(BigInt(last.Size)).toBeGreaterThan(256n * BigInt(MiB))
    const peak = await cli.peakRss()
    const growth = peak - before
    console.log(`composite node RSS before ${(before / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB, growth ${(growth / MiB).toFixed(1)} MiB for a 256 MiB add`)
    expect(growth).toBeLessThan(100 * MiB)
  }, 300_000)
})
