import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { compositeNode, printLogsOnFailure } from '@composite-ipfs/testbed'
import { request } from 'undici'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ACCESS_DENIED_MESSAGE, apiAuth } from '../../src/index.ts'
import { matrixAuthorizations, matrixCases } from '../fixtures/matrix.ts'
import { STARTER, startProtectedKubo, withStarter } from '../fixtures/protected-kubo.ts'
import type { MatrixCase } from '../fixtures/matrix.ts'
import type { CompositeNode, KuboDaemon } from '@composite-ipfs/testbed'

/**
 * The differential test: a real Kubo v0.42.0 configured with API.Authorizations, and a
 * composite node with apiAuth (same authorizations) in front of that Kubo, get the same
 * requests and must answer with the same status, and the same 403 body and Content-Type.
 * The composite node reaches its Kubo with the starter secret.
 *
 * Kubo has no read-only scope (it gives those users full access), so read-only users are
 * compared only with wrong or missing credentials; `shutdown` is never sent where it would run.
 */
let kubo: KuboDaemon | undefined
let node: CompositeNode | undefined
let cid = ''

beforeAll(async () => {
  kubo = await startProtectedKubo(withStarter(matrixAuthorizations(false)))
  node = await compositeNode({
    backend: kuboConnector({ endpoints: [kubo.apiUrl], authorization: STARTER.header }),
    middleware: [apiAuth({ authorizations: withStarter(matrixAuthorizations()) })],
    // auth is under test, not the forwarding policy: the matrix's admin commands (key/list,
    // config/replace) reach the Kubo as they would without a composite node in front
    server: { forwardAdmin: true }
  })
  const form = new FormData()
  form.append('file', new Blob(['composite auth parity\n']), 'parity.txt')
  const added = await fetch(`${kubo.apiUrl}/api/v0/add?cid-version=1`, { method: 'POST', body: form, headers: { authorization: STARTER.header } })
  cid = (await added.json() as { Hash: string }).Hash
})
afterAll(async () => {
  await Promise.all([node?.stop(), kubo?.stop()])
})
beforeEach(printLogsOnFailure(() => [kubo]))

interface Answer { status: number, contentType: unknown, body: string }

async function send (base: string, path: string, headers: Record<string, string>, method = 'POST'): Promise<Answer> {
  const res = await request(`${base}${path.replace('{cid}', cid)}`, { method: method as 'POST', headers })
  const body = await res.body.text()
  return { status: res.statusCode, contentType: res.headers['content-type'], body }
}

async function both (path: string, headers: Record<string, string>, method?: string): Promise<[Answer, Answer]> {
  return await Promise.all([send(kubo!.apiUrl, path, headers, method), send(node!.url, path, headers, method)])
}

const comparable = (c: MatrixCase): boolean =>
  !(c.scope === 'read-only' && c.credential === 'right') && !(c.allowed && c.command.path === '/api/v0/shutdown')

describe('apiAuth answers as Kubo API.Authorizations', () => {
  it.each(matrixCases().filter(comparable).map(c => [`${c.kind} ${c.scope} ${c.credential} ${c.command.path}`, c] as const))('%s', async (_, c) => {
    const [fromKubo, fromNode] = await both(c.command.path, c.header === undefined ? {} : { authorization: c.header })
    expect(fromNode.status).toBe(fromKubo.status)
    if (c.allowed) {
      expect(fromKubo.status).not.toBe(403)
    } else {
      expect(fromKubo.status).toBe(403)
      expect(fromNode).toEqual(fromKubo)
      expect(fromNode.body).toBe(`${ACCESS_DENIED_MESSAGE}\n`)
    }
  })

  it('refuses a preflight without Authorization, and any method before the method gate', async () => {
    const preflight = { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' }
    const [kuboPreflight, nodePreflight] = await both('/api/v0/id', preflight, 'OPTIONS')
    expect(nodePreflight).toEqual(kuboPreflight)
    expect(kuboPreflight.status).toBe(403)
    const [kuboGet, nodeGet] = await both('/api/v0/id', {}, 'GET')
    expect(nodeGet).toEqual(kuboGet)
    const [kuboGetAuth, nodeGetAuth] = await both('/api/v0/id', { authorization: STARTER.header }, 'GET')
    expect([nodeGetAuth.status, kuboGetAuth.status]).toEqual([405, 405])
  })

  it('allows version to a valid secret whose AllowedPaths do not list it', async () => {
    const header = matrixCases().find(c => c.scope === 'prefix' && c.credential === 'right')?.header ?? ''
    const [fromKubo, fromNode] = await both('/api/v0/version', { authorization: header })
    expect([fromKubo.status, fromNode.status]).toEqual([200, 200])
  })

  it('gives read-only users reads through to Kubo, and refuses their writes itself', async () => {
    const reader = (path: string): MatrixCase | undefined => matrixCases().find(c => c.scope === 'read-only' && c.credential === 'right' && c.kind === 'bearer' && c.command.path === path)
    for (const path of ['/api/v0/cat?arg={cid}', '/api/v0/id', '/api/v0/key/list']) {
      expect((await send(node!.url, path, { authorization: reader(path)?.header ?? '' })).status, path).toBe(200)
    }
    for (const path of ['/api/v0/pin/add?arg={cid}', '/api/v0/config/replace', '/api/v0/shutdown']) {
      const answer = await send(node!.url, path, { authorization: reader(path)?.header ?? '' })
      expect(answer, path).toEqual({ status: 403, contentType: 'text/plain; charset=utf-8', body: `${ACCESS_DENIED_MESSAGE}\n` })
    }
  })
})
