import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AUTHORIZATIONS_ENV, AUTHORIZATIONS_FILE_ENV, loadAuthorizations } from '../../src/index.ts'
import type { AuthConfigError } from '../../src/index.ts'

const SECRET = 'basic:alice:Pw-9f3k'
const map = { alice: { AuthSecret: SECRET, AllowedPaths: ['/api/v0/id'] } }
const parsed = { alice: { AuthSecret: SECRET, AllowedPaths: ['/api/v0/id'], scope: 'full' } }

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'composite-ipfs-auth-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

async function failure (promise: Promise<unknown>): Promise<AuthConfigError> {
  try {
    await promise
  } catch (err) {
    return err as AuthConfigError
  }
  throw new Error('expected a rejection')
}

describe('loadAuthorizations', () => {
  it('takes the map, or a whole Kubo config, from a config object', async () => {
    expect(await loadAuthorizations({ config: map, env: {} })).toEqual(parsed)
    expect(await loadAuthorizations({ config: { API: { HTTPHeaders: {}, Authorizations: map }, Identity: {} }, env: {} })).toEqual(parsed)
    expect(await loadAuthorizations({ config: { API: { Authorizations: null } }, env: {} })).toEqual({})
  })

  it('keeps a user named API as a user', async () => {
    const config = { API: { AuthSecret: 'bearer:x', AllowedPaths: [] } }
    expect(await loadAuthorizations({ config, env: {} })).toEqual({ API: { AuthSecret: 'bearer:x', AllowedPaths: [], scope: 'full' } })
  })

  it('reads field names case-insensitively, as Go encoding/json does', async () => {
    expect(await loadAuthorizations({ config: { a: { authsecret: 't', allowedpaths: ['/api/v0'], Scope: 'read-only' } }, env: {} }))
      .toEqual({ a: { AuthSecret: 't', AllowedPaths: ['/api/v0'], scope: 'read-only' } })
  })

  it('reads a JSON file, e.g. a Kubo config file', async () => {
    const file = join(dir, 'config')
    await writeFile(file, JSON.stringify({ API: { Authorizations: map } }))
    expect(await loadAuthorizations({ file, env: {} })).toEqual(parsed)
  })

  it('reads the environment: JSON, or a *_FILE path; never both', async () => {
    const file = join(dir, 'auth.json')
    await writeFile(file, JSON.stringify(map))
    expect(await loadAuthorizations({ env: { [AUTHORIZATIONS_ENV]: JSON.stringify(map) } })).toEqual(parsed)
    expect(await loadAuthorizations({ env: { [AUTHORIZATIONS_FILE_ENV]: file } })).toEqual(parsed)
    const err = await failure(loadAuthorizations({ env: { [AUTHORIZATIONS_ENV]: JSON.stringify(map), [AUTHORIZATIONS_FILE_ENV]: file } }))
    expect(err.code).toBe('ERR_AUTH_CONFIG')
  })

  it('prefers config, then file, then the environment', async () => {
    const env = { [AUTHORIZATIONS_ENV]: '{"env":{"AuthSecret":"e"}}' }
    expect(Object.keys(await loadAuthorizations({ config: map, env }))).toEqual(['alice'])
    expect(Object.keys(await loadAuthorizations({ env }))).toEqual(['env'])
  })

  it('resolves with {} when nothing is configured', async () => {
    expect(await loadAuthorizations({ env: {} })).toEqual({})
    expect(await loadAuthorizations({ env: { [AUTHORIZATIONS_ENV]: '' } })).toEqual({})
  })

  it('fails with AuthConfigError without ever quoting a secret', async () => {
    const file = join(dir, 'broken.json')
    await writeFile(file, `{"alice":{"AuthSecret":"${SECRET}",}`)
    const errors = await Promise.all([
      failure(loadAuthorizations({ env: { [AUTHORIZATIONS_ENV]: `{"alice":{"AuthSecret":"${SECRET}"` } })),
      failure(loadAuthorizations({ env: { [AUTHORIZATIONS_ENV]: SECRET } })),
      failure(loadAuthorizations({ file, env: {} })),
      failure(loadAuthorizations({ file: join(dir, 'missing.json'), env: {} })),
      failure(loadAuthorizations({ config: { alice: { AuthSecret: SECRET, AllowedPaths: SECRET } }, env: {} })),
      failure(loadAuthorizations({ config: { alice: { AuthSecret: SECRET, scope: SECRET } }, env: {} })),
      failure(loadAuthorizations({ config: { alice: { AuthSecret: 42 } }, env: {} })),
      failure(loadAuthorizations({ config: { alice: SECRET }, env: {} })),
      failure(loadAuthorizations({ config: [SECRET], env: {} }))
    ])
    for (const err of errors) {
      expect(err.code).toBe('ERR_AUTH_CONFIG')
      expect(err.cause).toBeUndefined()
      expect(`${err.message} ${err.stack ?? ''}`).not.toContain('Pw-9f3k')
    }
    expect(errors[3]?.message).toContain('ENOENT')
    expect(errors[4]?.message).toContain('"alice"')
  })
})
