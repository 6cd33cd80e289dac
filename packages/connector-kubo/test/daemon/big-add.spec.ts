import { startKubo } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kuboConnector } from '../../src/index.ts'
import { collect, entries } from '../fixtures/entries.ts'
import type { KuboConnector } from '../../src/index.ts'
import type { KuboDaemon } from '@composite-ipfs/testbed'

const MiB = 1024 * 1024
const TOTAL = 256 * MiB
const CHUNK = 256 * 1024

let kubo: KuboDaemon
let backend: KuboConnector

beforeAll(async () => {
  kubo = await startKubo()
  backend = kuboConnector({ endpoints: [kubo.apiUrl] })
})
afterAll(async () => {
  await backend?.stop()
  await kubo?.stop()
})

/** 16 distinct read-only chunks (4 MiB), sent in turn: the content itself makes no garbage to measure */
const PATTERNS = Array.from({ length: 16 }, (_, i) => Buffer.alloc(CHUNK, i + 1))

/** 256 MiB made on demand, pulled by the upload as fast as Kubo takes it */
async function * content (): AsyncGenerator<Uint8Array> {
  for (let sent = 0, i = 0; sent < TOTAL; sent += CHUNK, i++) {
    yield PATTERNS[i % PATTERNS.length] as Buffer
  }
}

describe('a big add streams through', () => {
  it('adds 256 MiB while the process grows by less than 100 MiB', async () => {
    globalThis.gc?.()
    const before = process.memoryUsage().rss
    let peak = before
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 20)
    const started = Date.now()
    try {
      const events = await collect(backend.add(entries({ path: 'big.bin', type: 'file', content: content() }), { pin: false }))
      const done = events.at(-1)
      expect(done?.Name).toBe('big.bin')
      const cat = await backend.cat([done?.Hash as string])
      expect(cat.length).toBe(BigInt(TOTAL))
      for await (const _ of cat.body) break // only the header mattered
    } finally {
      clearInterval(sampler)
    }
    const growth = (peak - before) / MiB
    console.info(`256 MiB add: ${((Date.now() - started) / 1000).toFixed(1)} s, rss ${(before / MiB).toFixed(0)} -> peak ${(peak / MiB).toFixed(0)} MiB (+${growth.toFixed(1)} MiB)`)
    expect(growth).toBeLessThan(100)
  }, 300_000)
})
