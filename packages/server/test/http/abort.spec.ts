import { afterEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { CID, testBackend } from '../fixtures/backend.ts'
import type { IpfsApiServer } from '../../src/index.ts'
import type { Backend, PinLsEntry } from '@composite-ipfs/interface'

const aborted = async (signal: AbortSignal | undefined): Promise<void> => {
  await new Promise<void>((resolve) => { signal?.addEventListener('abort', () => { resolve() }, { once: true }) })
}

describe('client aborts and the timeout deadline', () => {
  let server: IpfsApiServer
  afterEach(async () => { await server.close() })
  const start = (overrides: Partial<Backend>): IpfsApiServer => (server = ipfsApiServer({ backend: testBackend(overrides) }))

  it('aborts the backend signal and returns the iterator when the client goes away mid-stream', async () => {
    const seen: { reason?: unknown, returned: boolean } = { returned: false }
    let done: () => void = () => {}
    const finished = new Promise<void>((resolve) => { done = resolve })
    start({
      async * pinLs (_paths, options) {
        try {
          yield { Cid: CID, Type: 'recursive' } satisfies PinLsEntry
          await aborted(options?.signal)
          seen.reason = options?.signal?.reason
          // keeps going as if it had not seen the abort: only return() stops it here
          yield { Cid: CID, Type: 'direct' } satisfies PinLsEntry
          yield { Cid: CID, Type: 'indirect' } satisfies PinLsEntry
        } finally {
          seen.returned = true
          done()
        }
      }
    })
    const controller = new AbortController()
    await server.inject({ path: '/api/v0/pin/ls?stream=true', signal: controller.signal, onChunk: () => { controller.abort() } }).catch(() => {})
    await finished
    expect(seen.reason).toMatchObject({ code: 'ERR_ABORTED', message: 'context canceled' })
    expect(seen.returned).toBe(true)
  })

  it('aborts a single-answer call when the client goes away before the answer', async () => {
    let signal: AbortSignal | undefined
    let called: () => void = () => {}
    const wasCalled = new Promise<void>((resolve) => { called = resolve })
    start({ async repoStat (options) { signal = options?.signal; called(); await new Promise(() => {}); throw new Error('unreachable') } })
    const controller = new AbortController()
    const response = server.inject({ path: '/api/v0/repo/stat', signal: controller.signal }).catch(() => 'gone')
    await wasCalled
    controller.abort()
    expect(await response).toBe('gone')
    await aborted(signal)
    expect(signal?.aborted).toBe(true)
  })

  it('turns the timeout deadline into context deadline exceeded, even for a backend that ignores it', async () => {
    let reason: unknown
    start({ async id (_peerId, options) { options?.signal?.addEventListener('abort', () => { reason = options.signal?.reason }); return await new Promise(() => {}) } })
    const started = Date.now()
    const res = await server.inject({ path: '/api/v0/id?timeout=100ms' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(90)
    expect(res.status).toBe(500)
    expect(res.json()).toEqual({ Message: 'context deadline exceeded', Code: 0, Type: 'error' })
    expect(reason).toMatchObject({ code: 'ERR_DEADLINE_EXCEEDED' })
  })

  it('puts a deadline that passes mid-stream in the trailer', async () => {
    start({ async * refsLocal () { yield { Ref: CID, Err: '' }; await new Promise(() => {}) } })
    const res = await server.inject({ path: '/api/v0/refs/local?timeout=50ms' })
    expect(res.status).toBe(200)
    expect(res.trailers['x-stream-error']).toBe('context deadline exceeded')
  })

  it('passes the timeout to the backend, whose own in-stream answer wins over the node\'s later backstop', async () => {
    let timeout: number | undefined
    start({
      async * refs (_paths, options) {
        timeout = options?.timeout
        // as Kubo does: the deadline passes, and the stream says so in a record, then ends
        await new Promise(resolve => setTimeout(resolve, options?.timeout))
        yield { Ref: '', Err: 'context deadline exceeded' }
      }
    })
    const res = await server.inject({ path: `/api/v0/refs?arg=${CID}&timeout=200ms` })
    expect(timeout).toBe(200)
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ Ref: '', Err: 'context deadline exceeded' })
    expect(res.trailers['x-stream-error']).toBeUndefined()
  })

  it('does not fail a call that ends before its deadline', async () => {
    start({})
    const res = await server.inject({ path: '/api/v0/version?timeout=1m30s' })
    expect(res.status).toBe(200)
  })
})
