import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfigFile, parseServeArgs, resolveConfig, runCli } from '../../src/index.ts'
import type { CliIo } from '../../src/index.ts'

function captureIo (): CliIo & { out: string[], err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return { out, err, stdout: (line) => { out.push(line) }, stderr: (line) => { err.push(line) } }
}

const basic = (userPass: string): string => `Basic ${Buffer.from(userPass).toString('base64')}`

describe('serve arguments and config', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'cli-config-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('parses repeated flags and integers', () => {
    const args = parseServeArgs(['--listen', '/ip4/127.0.0.1/tcp/1', '--listen', 'http://127.0.0.1:2', '--cluster', 'http://a', '--cluster', 'http://b', '--cluster-ipfs', 'http://k', '--replication-min', '-1', '--replication-max', '3'])
    expect(args.flags).toMatchObject({ listen: ['/ip4/127.0.0.1/tcp/1', 'http://127.0.0.1:2'], cluster: ['http://a', 'http://b'], clusterIpfs: ['http://k'], replicationMin: -1, replicationMax: 3 })
    expect(() => parseServeArgs(['--replication-min', 'two'])).toThrow(/integer/)
    expect(() => parseServeArgs(['--nope'])).toThrow(/nope/)
  })

  it('defaults listen to Kubo\'s API address and needs exactly one backend', async () => {
    const config = await resolveConfig({}, { kubo: ['http://127.0.0.1:5002'] }, {})
    expect(config).toMatchObject({ listen: ['/ip4/127.0.0.1/tcp/5001'], backend: 'kubo', kubo: ['http://127.0.0.1:5002'], headerPolicy: {} })
    await expect(resolveConfig({}, {}, {})).rejects.toThrow(/no backend/)
    await expect(resolveConfig({}, { kubo: ['http://a'], cluster: ['http://b'] }, {})).rejects.toThrow(/not both/)
    await expect(resolveConfig({}, { kubo: ['http://a'], clusterToken: 't' }, {})).rejects.toThrow(/without --cluster/)
  })

  it('parses the cluster tuning flags and checks them', async () => {
    const flags = parseServeArgs(['--cluster', 'http://a', '--cluster-ipfs', 'http://k', '--cluster-pin-ls', 'pinset', '--pin-wait', '2', '--pin-wait-timeout', '60000', '--pin-recoveries', '0', '--pin-poll-interval', '150', '--repo-stat-ttl', '0']).flags
    expect(flags).toMatchObject({ clusterPinLs: 'pinset', pinWaitPolicy: 2, pinWaitTimeout: 60_000, pinRecoveries: 0, pinPollInterval: 150, repoStatTtl: 0 })
    expect(await resolveConfig({}, flags, {})).toMatchObject({ pinLs: 'pinset', pinWait: { policy: 2, timeout: 60_000, recoveries: 0, pollInterval: 150 }, repoStatTtl: 0 })
    expect(await resolveConfig({}, parseServeArgs(['--cluster', 'http://a', '--pin-wait', 'accepted']).flags, {})).toMatchObject({ pinWait: { policy: 'accepted' } })
    const plain = await resolveConfig({}, { cluster: ['http://a'] }, {})
    expect([plain.pinLs, plain.pinWait, plain.repoStatTtl]).toEqual([undefined, undefined, undefined])

    const path = join(dir, 'tuning.json')
    await writeFile(path, JSON.stringify({ cluster: ['http://a'], clusterPinLs: 'pinset', pinWaitPolicy: 'all', pinPollInterval: 300 }))
    const file = await loadConfigFile(path)
    expect(await resolveConfig(file, parseServeArgs(['--pin-poll-interval', '100']).flags, {})).toMatchObject({ pinLs: 'pinset', pinWait: { policy: 'all', pollInterval: 100 } })
    await writeFile(path, JSON.stringify({ cluster: ['http://a'], pinWaitPolicy: true }))
    await expect(loadConfigFile(path)).rejects.toThrow(/"pinWaitPolicy" must be a string or an integer/)

    const cluster = ['--cluster', 'http://a']
    await expect(resolveConfig({}, parseServeArgs([...cluster, '--cluster-pin-ls', 'state']).flags, {})).rejects.toThrow(/--cluster-pin-ls must be status or pinset/)
    await expect(resolveConfig({}, parseServeArgs([...cluster, '--pin-wait', 'soon']).flags, {})).rejects.toThrow(/--pin-wait must be/)
    await expect(resolveConfig({}, parseServeArgs([...cluster, '--pin-wait', '0']).flags, {})).rejects.toThrow(/at least 1 peer/)
    await expect(resolveConfig({}, parseServeArgs([...cluster, '--pin-poll-interval', '-5']).flags, {})).rejects.toThrow(/--pin-poll-interval must be positive/)
    await expect(resolveConfig({}, parseServeArgs([...cluster, '--pin-wait-timeout', '0']).flags, {})).rejects.toThrow(/--pin-wait-timeout must be positive/)
    await expect(resolveConfig({}, parseServeArgs([...cluster, '--pin-recoveries', '-1']).flags, {})).rejects.toThrow(/--pin-recoveries must be 0 or more, got -1/)
    await expect(resolveConfig({}, parseServeArgs([...cluster, '--repo-stat-ttl', '1000']).flags, {})).rejects.toThrow(/needs --cluster-ipfs/)
    await expect(resolveConfig({}, parseServeArgs(['--kubo', 'http://k', '--cluster-pin-ls', 'pinset']).flags, {})).rejects.toThrow(/without --cluster/)
    expect(() => parseServeArgs(['--pin-poll-interval', 'fast'])).toThrow(/integer/)
  })

  it('--cluster-add chooses the adder of pinned adds, kubo only with --cluster-ipfs', async () => {
    const withIpfs = ['--cluster', 'http://a', '--cluster-ipfs', 'http://k']
    expect(await resolveConfig({}, parseServeArgs([...withIpfs, '--cluster-add', 'kubo']).flags, {})).toMatchObject({ addVia: 'kubo' })
    expect((await resolveConfig({}, parseServeArgs(withIpfs).flags, {})).addVia).toBeUndefined()
    await expect(resolveConfig({}, parseServeArgs([...withIpfs, '--cluster-add', 'fast']).flags, {})).rejects.toThrow('--cluster-add must be cluster or kubo, got "fast"')
    await expect(resolveConfig({}, parseServeArgs(['--cluster', 'http://a', '--cluster-add', 'kubo']).flags, {})).rejects.toThrow(/--cluster-add kubo needs --cluster-ipfs/)
    await expect(resolveConfig({}, parseServeArgs(['--kubo', 'http://k', '--cluster-add', 'cluster']).flags, {})).rejects.toThrow(/without --cluster/)
    const path = join(dir, 'adder.json')
    await writeFile(path, JSON.stringify({ cluster: ['http://a'], clusterIpfs: ['http://k'], clusterAdd: 'kubo' }))
    expect(await resolveConfig(await loadConfigFile(path), {}, {})).toMatchObject({ addVia: 'kubo' })
  })

  it('lets flags override the file, key by key', async () => {
    const path = join(dir, 'override.json')
    await writeFile(path, JSON.stringify({ listen: ['/ip4/127.0.0.1/tcp/7'], cluster: ['http://file'], replicationMin: 1, replicationMax: 2, headerPolicy: { allowOrigins: ['*'] } }))
    const file = await loadConfigFile(path)
    const config = await resolveConfig(file, parseServeArgs(['--replication-max', '5']).flags, {})
    expect(config).toMatchObject({ listen: ['/ip4/127.0.0.1/tcp/7'], backend: 'cluster', cluster: ['http://file'], replicationMin: 1, replicationMax: 5, headerPolicy: { allowOrigins: ['*'] } })
  })

  it('rejects unknown keys and wrong types in the file', async () => {
    const path = join(dir, 'bad.json')
    await writeFile(path, JSON.stringify({ kubo: 'http://not-a-list' }))
    await expect(loadConfigFile(path)).rejects.toThrow(/"kubo" must be an array/)
    await writeFile(path, JSON.stringify({ kubbo: ['http://typo'] }))
    await expect(loadConfigFile(path)).rejects.toThrow(/unknown setting "kubbo"/)
    await writeFile(path, '{ not json')
    await expect(loadConfigFile(path)).rejects.toThrow(/not valid JSON/)
  })

  it('takes cluster secrets from flags, then the environment, then the file', async () => {
    const tokenFile = join(dir, 'token')
    await writeFile(tokenFile, 'jwt-from-file\n')
    const path = join(dir, 'auth.json')
    await writeFile(path, JSON.stringify({ cluster: ['http://c'], clusterTokenFile: 'token' }))
    const file = await loadConfigFile(path)

    expect((await resolveConfig(file, {}, {})).clusterAuthorization).toBe('Bearer jwt-from-file')
    expect((await resolveConfig(file, {}, { COMPOSITE_IPFS_CLUSTER_BASIC_AUTH: 'env:pass' })).clusterAuthorization).toBe(basic('env:pass'))
    expect((await resolveConfig(file, {}, { COMPOSITE_IPFS_CLUSTER_TOKEN: 'env-jwt' })).clusterAuthorization).toBe('Bearer env-jwt')
    const flags = parseServeArgs(['--cluster-basic-auth', 'flag:pass']).flags
    expect((await resolveConfig(file, flags, { COMPOSITE_IPFS_CLUSTER_TOKEN: 'env-jwt' })).clusterAuthorization).toBe(basic('flag:pass'))
    const fromTokenFile = parseServeArgs(['--cluster-token-file', tokenFile]).flags
    expect((await resolveConfig(file, fromTokenFile, {})).clusterAuthorization).toBe('Bearer jwt-from-file')

    await expect(resolveConfig(file, {}, { COMPOSITE_IPFS_CLUSTER_TOKEN: 't', COMPOSITE_IPFS_CLUSTER_BASIC_AUTH: 'u:p' })).rejects.toThrow(/not both/)
    await expect(resolveConfig(file, { clusterBasicAuth: 'no-colon' }, {})).rejects.toThrow(/USER:PASSWORD/)
    await expect(resolveConfig(file, { clusterTokenFile: join(dir, 'missing') }, {})).rejects.toThrow(/cannot read the token file/)
  })
})

describe('runCli', () => {
  it('prints usage, the version, and exits 2 on a bad command line', async () => {
    const io = captureIo()
    expect(await runCli([], { io })).toBe(0)
    expect(io.out.join('\n')).toContain('composite-ipfs <command>')
    expect(await runCli(['version'], { io })).toBe(0)
    expect(io.out.at(-1)).toMatch(/^composite-ipfs \d+\.\d+\.\d+/)
    expect(await runCli(['serve', '--help'], { io })).toBe(0)
    expect(io.out.at(-1)).toContain('--cluster-token-file')
    expect(await runCli(['frobnicate'], { io })).toBe(2)
    expect(await runCli(['serve'], { io })).toBe(2)
    expect(io.err.at(-1)).toMatch(/no backend/)
    expect(await runCli(['serve', '--kubo'], { io })).toBe(2)
  })
})
