import { describe, expect, it } from 'vitest'
import { UNLIMITED, repoStatEndpoint } from '../../src/index.ts'
import { stat } from '../fixtures/stats.ts'
import type { RepoStatBreakdown } from '../../src/index.ts'
import type { RepoStatOptions, RequestContext } from '@composite-ipfs/interface'
import type { IncomingMessage, ServerResponse } from 'node:http'

const breakdown: RepoStatBreakdown = {
  total: stat(3n, 9223372036854775807n, 0n, 'fs-repo@18'),
  peers: [
    { source: 'http://127.0.0.1:5001', stat: stat(1n, UNLIMITED), unlimited: true },
    { source: 'http://127.0.0.1:5002', error: 'context deadline exceeded' }
  ]
}

function context (method: string, path: string): { ctx: RequestContext, written: () => { headers: Record<string, unknown>, body: string } } {
  const headers: Record<string, unknown> = {}
  let body = ''
  const res = {
    setHeader (k: string, v: unknown) { headers[k.toLowerCase()] = v },
    end (chunk: string) { body = chunk }
  } as unknown as ServerResponse
  const url = new URL(path, 'http://127.0.0.1:5001')
  const ctx: RequestContext = {
    req: { method, headers: {} } as IncomingMessage,
    res,
    url,
    command: url.pathname.slice('/api/v0/'.length),
    backend: { name: 'none' },
    commandHeaders: new Map([['Server', 'kubo/0.42.0']]),
    state: new Map(),
    signal: new AbortController().signal
  }
  return { ctx, written: () => ({ headers, body }) }
}

describe('repoStatEndpoint', () => {
  const asked: RepoStatOptions[] = []
  const endpoint = repoStatEndpoint({ breakdown: async (options = {}) => { asked.push(options); return breakdown } })

  it('is a named middleware', () => {
    expect(endpoint.name).toBe('repoStatEndpoint')
  })

  it('answers its command with the breakdown, integers exact', async () => {
    const { ctx, written } = context('POST', '/api/v0/composite/repo/stat?size-only')
    let next = false
    await endpoint(ctx, async () => { next = true })
    expect(next).toBe(false)
    expect(asked.at(-1)?.sizeOnly).toBe(true)
    const { headers, body } = written()
    expect(headers).toMatchObject({ 'content-type': 'application/json', server: 'kubo/0.42.0' })
    expect(body).toBe('{"Total":{"RepoSize":3,"StorageMax":9223372036854775807,"NumObjects":0,"RepoPath":"/tmp/repo","Version":"fs-repo@18"},' +
      '"Peers":[{"Source":"http://127.0.0.1:5001","Unlimited":true,"Stat":{"RepoSize":1,"StorageMax":18446744073709551615,"NumObjects":0,"RepoPath":"/tmp/repo","Version":"fs-repo@18"}},' +
      '{"Source":"http://127.0.0.1:5002","Error":"context deadline exceeded"}]}\n')
  })

  it.each([['s=false', false], ['size-only=1', true], ['', false]])('reads size-only from ?%s', async (query, expected) => {
    const { ctx } = context('POST', `/api/v0/composite/repo/stat?${query}`)
    await endpoint(ctx, async () => {})
    expect(asked.at(-1)?.sizeOnly).toBe(expected)
  })

  it('refuses a bad bool like Kubo\'s parser', async () => {
    const { ctx } = context('POST', '/api/v0/composite/repo/stat?size-only=yes')
    await expect(endpoint(ctx, async () => {})).rejects.toMatchObject({
      name: 'InvalidRequestError',
      message: 'could not convert value "yes" to type "bool" (for option "-size-only")'
    })
  })

  it.each([['POST', '/api/v0/repo/stat'], ['GET', '/api/v0/composite/repo/stat']])('passes %s %s on', async (method, path) => {
    const { ctx, written } = context(method, path)
    let next = false
    await endpoint(ctx, async () => { next = true })
    expect(next).toBe(true)
    expect(written().body).toBe('')
  })

  it('answers a custom command path', async () => {
    const custom = repoStatEndpoint({ breakdown: async () => breakdown }, { command: '/x/stats/' })
    const { ctx, written } = context('POST', '/api/v0/x/stats')
    await custom(ctx, async () => {})
    expect(written().body).toMatch(/^\{"Total"/)
  })
})
