import { getEventListeners } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rpcClient } from '../../src/index.ts'
import { refusedUrl, sendJson, startServer } from '../fixtures/http-server.ts'
import type { RpcClient } from '../../src/index.ts'
import type { TestServer } from '../fixtures/http-server.ts'

/** A poller's calls under its lifetime signal with a deadline each: none may stay in that signal */
describe('a long-lived caller signal', () => {
  let upstream: TestServer
  let client: RpcClient
  const lifetime = new AbortController()
  const listeners = (): number => getEventListeners(lifetime.signal, 'abort').length

  beforeAll(async () => {
    upstream = await startServer((req, res) => {
      if (req.url?.startsWith('/api/v0/fail') === true) sendJson(res, 500, { Message: 'no', Code: 0, Type: 'error' })
      else sendJson(res, 200, { RepoSize: 1 })
    })
    client = rpcClient({ endpoints: [upstream.url], retryDelay: 0 })
  })
  afterAll(async () => {
    await client?.close()
    await upstream?.close()
  })

  it('has no listener left after buffered, streamed, discarded and failed calls', async () => {
    const options = { signal: lifetime.signal, timeout: 60_000 }
    await client.kuboJson('repo/stat', options)
    expect(listeners()).toBe(0)
    const streamed = await client.request({ path: '/api/v0/repo/stat', ...options })
    expect(listeners()).toBe(1) // the body is still to be read under both signals
    for await (const _ of streamed.body) { /* to the end */ }
    await new Promise((resolve) => setImmediate(resolve))
    expect(listeners()).toBe(0)
    const dropped = await client.request({ path: '/api/v0/repo/stat', ...options })
    dropped.discard()
    // released when the body closes, a few turns later
    for (let turn = 0; turn < 1000 && listeners() > 0; turn++) await new Promise((resolve) => setImmediate(resolve))
    expect(listeners()).toBe(0)
    await expect(client.kuboJson('fail', options)).rejects.toMatchObject({ message: 'no' })
    const refused = rpcClient({ endpoints: [await refusedUrl()], retries: 0 })
    await expect(refused.request({ path: '/api/v0/id', ...options })).rejects.toThrow()
    await refused.close()
    expect(listeners()).toBe(0)
  })
})
