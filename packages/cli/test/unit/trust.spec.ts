import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfigFile, parseServeArgs, resolveConfig } from '../../src/index.ts'

const SECRET = 'bearer:t0p-s3cret-value'
const KUBO = { kubo: ['http://127.0.0.1:5002'] }

describe('trust settings', () => {
  let dir: string
  let authFile: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-trust-'))
    authFile = join(dir, 'auth.json')
    await writeFile(authFile, JSON.stringify({ ops: { AuthSecret: SECRET, AllowedPaths: ['/api/v0'] } }))
  })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('parses the trust flags', () => {
    const { flags } = parseServeArgs(['--api-auth-file', 'a.json', '--node-id', 'n1', '--state-dir', 's', '--max-depth', '4', '--tls-cert', 'c', '--tls-key', 'k',
      '--socket-mode', '0600', '--cluster-ca', 'ca', '--cluster-cert', 'cc', '--cluster-key', 'ck', '--kubo-ca', 'kca'])
    expect(flags).toMatchObject({ apiAuthFile: 'a.json', nodeId: 'n1', stateDir: 's', maxDepth: 4, tlsCert: 'c', tlsKey: 'k', socketMode: '0600', clusterCa: 'ca', clusterCert: 'cc', clusterKey: 'ck', kuboCa: 'kca' })
  })

  it('has safe defaults: no authorizations, a random node ID, depth 8, path traversal refused', async () => {
    const config = await resolveConfig({}, KUBO, {})
    expect(config).toMatchObject({ authorizations: {}, maxDepth: 8, rejectPathTraversal: true })
    expect(config.nodeId).toMatch(/^cn-[0-9a-f-]{36}$/)
    expect((await resolveConfig({ rejectPathTraversal: false }, KUBO, {})).rejectPathTraversal).toBe(false)
  })

  it('takes API.Authorizations from --api-auth-file, then the environment, then the config file', async () => {
    const inline = { apiAuthorizations: { file: { AuthSecret: 'bearer:from-file', AllowedPaths: ['/api/v0/id'] } } }
    expect(Object.keys((await resolveConfig(inline, KUBO, {})).authorizations)).toEqual(['file'])
    const env = { COMPOSITE_IPFS_API_AUTHORIZATIONS: JSON.stringify({ env: { AuthSecret: 'bearer:from-env' } }) }
    expect(Object.keys((await resolveConfig(inline, KUBO, env)).authorizations)).toEqual(['env'])
    expect(Object.keys((await resolveConfig(inline, { ...KUBO, apiAuthFile: authFile }, env)).authorizations)).toEqual(['ops'])
    expect(Object.keys((await resolveConfig({}, KUBO, { COMPOSITE_IPFS_API_AUTHORIZATIONS_FILE: authFile })).authorizations)).toEqual(['ops'])
  })

  it('reports bad authorizations as config errors (exit 2) that never quote a secret', async () => {
    await writeFile(join(dir, 'bad.json'), `{ "ops": { "AuthSecret": "${SECRET}", `)
    const bad = resolveConfig({}, { ...KUBO, apiAuthFile: join(dir, 'bad.json') }, {})
    await expect(bad).rejects.toMatchObject({ code: 'ERR_INVALID_CONFIG' })
    await expect(bad).rejects.not.toThrow(/s3cret/)
    await expect(resolveConfig({ apiAuthFile: authFile, apiAuthorizations: {} }, KUBO, {})).rejects.toThrow(/not both/)
    await expect(resolveConfig({}, { ...KUBO, apiAuthFile: join(dir, 'missing.json') }, {})).rejects.toMatchObject({ code: 'ERR_INVALID_CONFIG' })
  })

  it('takes the Kubo RPC secret from --kubo-auth-file, then COMPOSITE_IPFS_KUBO_AUTH, then the config file', async () => {
    const secretFile = join(dir, 'kubo-secret')
    await writeFile(secretFile, 'basic:ops:pa55\n')
    expect((await resolveConfig({}, KUBO, {})).kuboAuthorization).toBeUndefined()
    expect((await resolveConfig({ kuboAuthFile: secretFile }, KUBO, {})).kuboAuthorization).toBe(`Basic ${Buffer.from('ops:pa55').toString('base64')}`)
    expect((await resolveConfig({ kuboAuthFile: secretFile }, KUBO, { COMPOSITE_IPFS_KUBO_AUTH: 'bearer:env-token' })).kuboAuthorization).toBe('Bearer env-token')
    expect((await resolveConfig({}, { ...KUBO, kuboAuthFile: secretFile }, { COMPOSITE_IPFS_KUBO_AUTH: 'env-token' })).kuboAuthorization).toBe(`Basic ${Buffer.from('ops:pa55').toString('base64')}`)
    await expect(resolveConfig({}, KUBO, { COMPOSITE_IPFS_KUBO_AUTH: 'digest:x' })).rejects.toThrow(/bearer:<token>/)
  })

  it('keeps the node ID in the state directory, or takes the one given', async () => {
    const state = join(dir, 'state')
    const first = await resolveConfig({ stateDir: state }, KUBO, {})
    expect((await readFile(join(state, 'node-id'), 'utf8')).trim()).toBe(first.nodeId)
    expect((await resolveConfig({ stateDir: state }, KUBO, {})).nodeId).toBe(first.nodeId)
    expect((await resolveConfig({ stateDir: state }, { ...KUBO, nodeId: 'gateway-eu' }, {})).nodeId).toBe('gateway-eu')
    await expect(resolveConfig({}, { ...KUBO, nodeId: 'a, b' }, {})).rejects.toMatchObject({ code: 'ERR_INVALID_CONFIG' })
  })

  it('checks the socket mode, the depth and the TLS pairs, and reads no file it cannot name', async () => {
    expect((await resolveConfig({}, { ...KUBO, socketMode: '0600' }, {})).socketMode).toBe(0o600)
    expect((await resolveConfig({}, { ...KUBO, socketMode: '660' }, {})).socketMode).toBe(0o660)
    await expect(resolveConfig({}, { ...KUBO, socketMode: 'rw' }, {})).rejects.toThrow(/octal/)
    await expect(resolveConfig({}, { ...KUBO, maxDepth: 0 }, {})).rejects.toThrow(/max-depth/)
    await expect(resolveConfig({}, { ...KUBO, tlsCert: authFile }, {})).rejects.toThrow(/--tls-cert and --tls-key go together/)
    await expect(resolveConfig({}, { ...KUBO, tlsCert: authFile, tlsKey: join(dir, 'nope.pem') }, {})).rejects.toThrow(/cannot read the TLS key file .*nope\.pem \(ENOENT\)/)
    await expect(resolveConfig({}, { ...KUBO, clusterCa: authFile }, {})).rejects.toThrow(/without --cluster/)
  })

  it('resolves the file settings of a config file relative to it', async () => {
    const path = join(dir, 'node.json')
    await writeFile(path, JSON.stringify({ kubo: ['http://k'], apiAuthFile: 'auth.json', stateDir: 'st', tlsCert: 'tls/c.pem', kuboCa: 'ca.pem', rejectPathTraversal: false, maxDepth: 3 }))
    expect(await loadConfigFile(path)).toMatchObject({ apiAuthFile: authFile, stateDir: join(dir, 'st'), tlsCert: join(dir, 'tls/c.pem'), kuboCa: join(dir, 'ca.pem'), rejectPathTraversal: false, maxDepth: 3 })
    await writeFile(path, JSON.stringify({ kubo: ['http://k'], rejectPathTraversal: 'no' }))
    await expect(loadConfigFile(path)).rejects.toThrow(/"rejectPathTraversal" must be true or false/)
    await writeFile(path, JSON.stringify({ kubo: ['http://k'], apiAuthorizations: ['x'] }))
    await expect(loadConfigFile(path)).rejects.toThrow(/"apiAuthorizations" must be an object/)
  })
})
