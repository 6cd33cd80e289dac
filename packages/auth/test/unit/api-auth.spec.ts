import { describe, expect, it } from 'vitest'
import { ACCESS_DENIED_MESSAGE, apiAuth } from '../../src/index.ts'
import { run, testContext } from '../fixtures/context.ts'
import { memoryLogger } from '@composite-ipfs/testbed'

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })

describe('apiAuth, as Kubo withAuthSecrets', () => {
  it('is a no-op without authorizations (nil or empty map)', async () => {
    for (const auth of [apiAuth(), apiAuth({ authorizations: {} })]) {
      const ctx = testContext({ path: '/api/v0/config/replace' })
      expect(await run(auth, ctx)).toEqual({ next: true })
      expect(ctx.state.has('auth')).toBe(false)
    }
  })

  it('accepts the four AuthSecret forms of Kubo rpc_auth_test.go', async () => {
    for (const [secret, header] of [
      ['myToken', 'Bearer myToken'],
      ['bearer:myToken', 'Bearer myToken'],
      ['basic:user:pass', 'Basic dXNlcjpwYXNz'],
      ['basic:dXNlcjpwYXNz', 'Basic dXNlcjpwYXNz']
    ] as const) {
      const auth = apiAuth({ authorizations: { userA: { AuthSecret: secret, AllowedPaths: ['/api/v0/id'] } } })
      expect(await run(auth, testContext({ path: '/api/v0/id', headers: { authorization: header } }))).toEqual({ next: true })
      expect((await run(auth, testContext({ path: '/api/v0/config/show', headers: { authorization: header } }))).error?.message).toBe(ACCESS_DENIED_MESSAGE)
      expect((await run(auth, testContext({ path: '/api/v0/id', headers: bearer('invalid') }))).error?.message).toBe(ACCESS_DENIED_MESSAGE)
    }
  })

  it('allows /api/v0/version to any valid secret, even with empty AllowedPaths; only that exact path', async () => {
    const auth = apiAuth({ authorizations: { userA: { AuthSecret: 'bearer:t', AllowedPaths: [] } } })
    expect(await run(auth, testContext({ path: '/api/v0/version', headers: bearer('t') }))).toEqual({ next: true })
    expect((await run(auth, testContext({ path: '/api/v0/version' }))).error?.status).toBe(403)
    expect((await run(auth, testContext({ path: '/api/v0/version/deps', headers: bearer('t') }))).error?.status).toBe(403)
    expect((await run(auth, testContext({ path: '/api/v0/id', headers: bearer('t') }))).error?.status).toBe(403)
  })

  it('matches AllowedPaths as plain prefixes of the decoded path, like Go strings.HasPrefix on r.URL.Path', async () => {
    const auth = apiAuth({ authorizations: { bob: { AuthSecret: 'bearer:b', AllowedPaths: ['/api/v0/config'] } } })
    for (const path of ['/api/v0/config/show', '/api/v0/config', '/api/v0/configuration', '/api/v0/%63onfig/show']) {
      expect(await run(auth, testContext({ path, headers: bearer('b') })), path).toEqual({ next: true })
    }
    expect((await run(auth, testContext({ path: '/api/v0/id', headers: bearer('b') }))).error?.status).toBe(403)
  })

  it('one user cannot use another user paths', async () => {
    const auth = apiAuth({
      authorizations: {
        alice: { AuthSecret: 'bearer:alice-secret', AllowedPaths: ['/api/v0/id'] },
        bob: { AuthSecret: 'bearer:bob-secret', AllowedPaths: ['/api/v0/config'] }
      }
    })
    expect(await run(auth, testContext({ path: '/api/v0/config/show', headers: bearer('bob-secret') }))).toEqual({ next: true })
    expect((await run(auth, testContext({ path: '/api/v0/id', headers: bearer('bob-secret') }))).error?.status).toBe(403)
  })

  it('compares the header byte for byte, as Kubo: scheme case, padding and extra spaces matter', async () => {
    const auth = apiAuth({ authorizations: { a: { AuthSecret: 'bearer:tok', AllowedPaths: ['/api/v0'] } } })
    for (const header of ['bearer tok', 'Bearer  tok', 'Bearer tok2', 'Bearer to', 'tok', '']) {
      expect((await run(auth, testContext({ headers: { authorization: header } }))).error?.status, header).toBe(403)
    }
  })

  it('refuses preflights and every method without a secret (it runs before CORS and the method gate)', async () => {
    const auth = apiAuth({ authorizations: { a: { AuthSecret: 'bearer:tok', AllowedPaths: ['/api/v0'] } } })
    const preflight = testContext({ method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:5001', 'access-control-request-method': 'POST' } })
    expect((await run(auth, preflight)).error?.status).toBe(403)
    expect((await run(auth, testContext({ method: 'GET' }))).error?.status).toBe(403)
    expect(await run(auth, testContext({ method: 'GET', headers: bearer('tok') }))).toEqual({ next: true })
  })

  it('leaves paths outside /api/v0/ to the server, as Kubo mounts the check on its API handler only', async () => {
    const auth = apiAuth({ authorizations: { a: { AuthSecret: 'bearer:tok', AllowedPaths: ['/api/v0'] } } })
    for (const path of ['/', '/api/v0', '/webui', '/ipfs/bafy']) {
      expect(await run(auth, testContext({ path })), path).toEqual({ next: true })
    }
    // ... but an encoded prefix is the API once decoded, as for Go
    expect((await run(auth, testContext({ path: '/api%2Fv0/config/replace' }))).error?.status).toBe(403)
  })

  it('keeps the check on when no entry is usable: Kubo then refuses everything', async () => {
    const logger = memoryLogger()
    const auth = apiAuth({ authorizations: { odd: { AuthSecret: 'digest:abc', AllowedPaths: ['/api/v0'] } }, logger })
    expect((await run(auth, testContext({ headers: bearer('digest:abc') }))).error?.status).toBe(403)
    expect((await run(auth, testContext({ headers: { authorization: 'digest:abc' } }))).error?.status).toBe(403)
    const logs = logger.messages('warn')
    expect(logs).toHaveLength(1)
    expect(logs[0]).toContain('"odd"')
    expect(logs[0]).not.toContain('abc')
  })

  it('refuses two users with the same secret at construction, naming users only', () => {
    expect(() => apiAuth({
      authorizations: {
        a: { AuthSecret: 'bearer:same', AllowedPaths: [] },
        b: { AuthSecret: 'same', AllowedPaths: [] }
      }
    })).toThrow(/entries "a" and "b" have the same AuthSecret$/)
  })

  it('refuses hostile paths that a later hop could resolve to another command', async () => {
    const auth = apiAuth({ authorizations: { a: { AuthSecret: 'bearer:tok', AllowedPaths: ['/api/v0/id', '/api/v0/cat'] } } })
    for (const path of [
      '/api/v0/id%2F..%2Fconfig%2Freplace',
      '/api/v0/id%2F%2E%2E%2Fshutdown',
      '/api/v0/cat%252F..%252Fshutdown',
      '/api/v0/id%3Farg=x',
      '/api/v0/id%23x',
      '/api/v0/id%5C..%5Cshutdown',
      '/api/v0/id%00',
      '/api/v0/id%E0%A4%A'
    ]) {
      expect((await run(auth, testContext({ path, headers: bearer('tok') }))).error?.status, path).toBe(403)
    }
    expect(await run(auth, testContext({ path: '/api/v0/cat/bafkqaaa', headers: bearer('tok') }))).toEqual({ next: true })
  })

  it('never puts the Authorization header in an error', async () => {
    const auth = apiAuth({ authorizations: { a: { AuthSecret: 'bearer:S3cr3t-Xy7', AllowedPaths: ['/api/v0/id'] } } })
    for (const header of ['Bearer S3cr3t-Xy7', 'Bearer S3cr3t-Xy7-wrong']) {
      const outcome = await run(auth, testContext({ path: '/api/v0/shutdown', headers: { authorization: header } }))
      expect(JSON.stringify({ ...outcome.error, message: outcome.error?.message, stack: outcome.error?.stack, cause: outcome.error?.cause })).not.toContain('S3cr3t')
    }
  })
})
