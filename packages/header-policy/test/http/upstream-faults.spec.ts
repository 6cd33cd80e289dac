import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { headerPolicy } from '../../src/index.ts'
import { startFakeUpstream } from '../fixtures/fake-upstream.ts'
import { startHarness } from '../fixtures/harness.ts'
import type { FakeUpstream } from '../fixtures/fake-upstream.ts'
import type { Harness } from '../fixtures/harness.ts'
import type { HeaderPolicyInit } from '../../src/index.ts'
import { memoryLogger } from '@composite-ipfs/testbed'

/**
 * Upstream mode against a fake daemon, for what a real Kubo cannot do on cue: change its
 * headers between two calls, stall, or disappear. The same features run against a real Kubo
 * in test/daemon/upstream-policy.spec.ts.
 */
describe('upstream policy, faults and cache', () => {
  let upstream: FakeUpstream
  let node: Harness | undefined

  beforeEach(async () => {
    upstream = await startFakeUpstream()
  })

  afterEach(async () => {
    await node?.close()
    node = undefined
    await upstream.close()
  })

  async function start (init: Omit<HeaderPolicyInit, 'upstream'> & { timeout?: number } = {}): Promise<Harness> {
    node = await startHarness(headerPolicy({ ...init, upstream: { url: upstream.url, timeout: init.timeout } }))
    return node
  }

  async function version (headers: Record<string, string> = {}): Promise<{ status: number, headers: Record<string, unknown>, body: string }> {
    const res = await request(`${node!.url}/api/v0/version`, { method: 'POST', headers })
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() }
  }

  const versionCalls = (): number => upstream.calls.filter(c => c === 'POST /api/v0/version').length

  it('reuses extracted headers within the TTL and refreshes them after', async () => {
    await start({ extractHeadersExtra: ['x-custom-header'], extractHeadersTtl: 300 })
    expect((await version()).headers).toMatchObject({ server: 'kubo/0.42.0', 'x-custom-header': 'kubo/0.42.0' })
    upstream.server = 'kubo/0.43.0'
    expect((await version()).headers.server).toBe('kubo/0.42.0')
    expect(versionCalls()).toBe(1)
    await sleep(350)
    expect((await version()).headers).toMatchObject({ server: 'kubo/0.43.0', 'x-custom-header': 'kubo/0.43.0' })
    expect(versionCalls()).toBe(2)
  })

  it('keeps extracted headers forever with TTL 0', async () => {
    await start({ extractHeadersTtl: 0 })
    await version()
    upstream.server = 'kubo/9.9.9'
    await sleep(50)
    expect((await version()).headers.server).toBe('kubo/0.42.0')
    expect(versionCalls()).toBe(1)
  })

  it('refreshes once for many concurrent requests', async () => {
    await start()
    const answers = await Promise.all(Array.from({ length: 20 }, async () => version()))
    expect(answers.every(a => a.status === 200 && a.headers.server === 'kubo/0.42.0')).toBe(true)
    expect(versionCalls()).toBe(1)
  })

  it('keeps the last headers when a refresh fails, and falls back to the defaults before any', async () => {
    await start({ extractHeadersTtl: 100, timeout: 200 })
    upstream.server = 'kubo/0.41.0'
    expect((await version()).headers.server).toBe('kubo/0.41.0')
    upstream.stall = true
    await sleep(150)
    expect((await version()).headers.server).toBe('kubo/0.41.0')

    await node!.close()
    const logger = memoryLogger()
    node = await startHarness(headerPolicy({ upstream: { url: upstream.url, timeout: 200 }, logger }))
    expect((await version()).headers.server).toBe('kubo/0.42.0')
    expect(logger.messages().join('\n')).toMatch(/cannot extract headers from http:\/\/127\.0\.0\.1:\d+/)
  })

  it('refuses a browser POST it cannot check (500, not a silent pass), and still answers a preflight', async () => {
    await start({ timeout: 200 })
    await version() // warm the header cache
    upstream.stall = true
    const post = await version({ origin: 'https://valid.example.com' })
    expect(post.status).toBe(500)
    expect(JSON.parse(post.body)).toMatchObject({ Message: expect.stringMatching(/cannot check the request origin/), Type: 'error' })

    const res = await request(`${node!.url}/api/v0/version`, {
      method: 'OPTIONS',
      headers: { origin: 'https://valid.example.com', 'access-control-request-method': 'POST' }
    })
    expect(res.statusCode).toBe(204)
    expect(res.headers.vary).toBe('Origin, Access-Control-Request-Method, Access-Control-Request-Headers')
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    await res.body.dump()
  })

  it('asks nothing upstream for a request without Origin or Referer, but applies the User-Agent rule', async () => {
    await start()
    expect((await version()).status).toBe(200)
    expect((await version({ 'user-agent': 'Mozilla/5.0' })).status).toBe(403)
    expect(upstream.calls).toEqual(['POST /api/v0/version'])
  })
})
