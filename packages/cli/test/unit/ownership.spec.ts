import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfigFile, parseServeArgs, resolveConfig, runCli } from '../../src/index.ts'

describe('shared-undercluster settings', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'cli-ownership-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('parses tenant, pin name and metadata, grace, listing and capacity flags', async () => {
    const flags = parseServeArgs(['--cluster', 'http://a', '--tenant', 'acme', '--pin-name', '{tenant}/{name}', '--pin-metadata', 'region=eu', '--pin-metadata', 'tier=a=b',
      '--release-grace', '900000', '--hide-undercluster-pins', '--capacity-share', '1/3']).flags
    const config = await resolveConfig({}, flags, {})
    expect(config).toMatchObject({
      tenant: 'acme',
      pinName: '{tenant}/{name}',
      pinMetadata: { region: 'eu', tier: 'a=b' },
      releaseGrace: 900_000,
      showUnderclusterPins: false,
      capacityShare: { numerator: 1n, denominator: 3n },
      overcluster: undefined
    })
    expect((await resolveConfig({}, { cluster: ['http://a'] }, {})).capacityShare).toBe('auto')
    expect((await resolveConfig({}, { cluster: ['http://a'], capacityShare: '0.25' }, {})).capacityShare).toEqual({ numerator: 25n, denominator: 100n })
  })

  it('names the flag, the value and the accepted forms when a value is wrong', async () => {
    const resolve = async (argv: string[]): Promise<unknown> => await resolveConfig({}, parseServeArgs(['--cluster', 'http://a', ...argv]).flags, {})
    await expect(resolve(['--tenant', 'a b'])).rejects.toThrow('--tenant must be 1 to 64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit, got "a b"')
    expect(() => parseServeArgs(['--pin-metadata', 'novalue'])).toThrow('--pin-metadata must be KEY=VALUE, got "novalue"')
    await expect(resolve(['--pin-metadata', 'composite-owner.x=1'])).rejects.toThrow('--pin-metadata key "composite-owner.x" is reserved')
    await expect(resolve(['--release-grace', '10'])).rejects.toThrow('--release-grace must be at least 1000 (ms), got 10')
    expect(() => parseServeArgs(['--release-grace', 'soon'])).toThrow('--release-grace must be an integer, got "soon"')
    await expect(resolve(['--capacity-share', '3/2'])).rejects.toThrow('--capacity-share must be auto, 1, a fraction like 1/3 or a decimal like 0.25 (in (0, 1]), got "3/2"')
    await expect(resolve(['--overcluster', 'http://o', '--overcluster-replication', 'all'])).rejects.toThrow('--overcluster-replication must be node or overcluster, got "all"')
    await expect(resolve(['--overcluster-replication', 'node'])).rejects.toThrow('overcluster settings given without --overcluster')
    await expect(resolveConfig({}, { kubo: ['http://k'], tenant: 'acme' }, {})).rejects.toThrow('--tenant given without --cluster')
  })

  it('reads the overcluster credentials from files or the environment, never from the command line', async () => {
    const auth = join(dir, 'over-auth')
    await writeFile(auth, 'oc:pw\n')
    const config = await resolveConfig({}, parseServeArgs(['--cluster', 'http://a', '--overcluster', 'http://o1', '--overcluster', 'http://o2', '--overcluster-basic-auth-file', auth, '--overcluster-replication', 'overcluster']).flags, {})
    expect(config.overcluster).toEqual({ rest: ['http://o1', 'http://o2'], basicAuth: { username: 'oc', password: 'pw' }, token: undefined, replication: 'overcluster' })
    const fromEnv = await resolveConfig({}, { cluster: ['http://a'], overcluster: ['http://o'] }, { COMPOSITE_IPFS_OVERCLUSTER_TOKEN: 'jwt' })
    expect(fromEnv.overcluster).toMatchObject({ token: 'jwt', basicAuth: undefined })
    await expect(resolveConfig({}, { cluster: ['http://a'], overcluster: ['http://o'], overclusterBasicAuthFile: join(dir, 'missing') }, {}))
      .rejects.toThrow(`cannot read the overcluster basic auth file ${join(dir, 'missing')} (ENOENT)`)
  })

  it('takes the same settings from the config file, relative paths from its folder', async () => {
    await writeFile(join(dir, 'token'), 'jwt-from-file')
    const file = join(dir, 'node.json')
    await writeFile(file, JSON.stringify({
      cluster: ['http://a'],
      tenant: 'globex',
      pinMetadata: { region: 'us' },
      hideUnderclusterPins: true,
      releaseGrace: 120000,
      overcluster: ['http://o'],
      overclusterTokenFile: 'token'
    }))
    const config = await resolveConfig(await loadConfigFile(file), {}, {})
    expect(config).toMatchObject({ tenant: 'globex', pinMetadata: { region: 'us' }, showUnderclusterPins: false, releaseGrace: 120_000, overcluster: { token: 'jwt-from-file' } })
    await writeFile(file, JSON.stringify({ cluster: ['http://a'], hideUnderclusterPins: 'yes' }))
    await expect(loadConfigFile(file)).rejects.toThrow(`${file}: "hideUnderclusterPins" must be true or false`)
  })
})

describe('composite-ipfs pins', () => {
  const io = (): { out: string[], err: string[], stdout: (l: string) => void, stderr: (l: string) => void } => {
    const out: string[] = []
    const err: string[] = []
    return { out, err, stdout: (l) => { out.push(l) }, stderr: (l) => { err.push(l) } }
  }

  it('needs --cluster, names a bad flag, and prints its usage', async () => {
    const missing = io()
    expect(await runCli(['pins'], { io: missing, env: {} })).toBe(2)
    expect(missing.err.join('\n')).toContain('--cluster is required: the REST API of the cluster whose pins to list')
    const bad = io()
    expect(await runCli(['pins', '--cluster', 'http://a', '--owner', 'x'], { io: bad, env: {} })).toBe(2)
    expect(bad.err.join('\n')).toContain("Unknown option '--owner'")
    const help = io()
    expect(await runCli(['pins', '--help'], { io: help, env: {} })).toBe(0)
    expect(help.out.join('\n')).toContain('Usage: composite-ipfs pins --cluster URL [options]')
  })
})
