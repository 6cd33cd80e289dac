/**
 * Safe forwarding, as an operator meets it: the real `ipfs` CLI against `composite-ipfs serve`.
 * Before, `ipfs --api <node> shutdown` stopped the Kubo behind the node, and `config` and
 * `log level` acted on whichever backend daemon was in use. Now shutdown stops the node, the
 * admin commands are refused unless `--forward-admin` names them, and a cluster backend
 * forwards only the commands that answer alike on each of its Kubos.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ADMIN_COMMANDS } from '@composite-ipfs/server'
import { binaries, printLogsOnFailure, startKubo, startUndercluster } from '@composite-ipfs/testbed'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { killCli, startCli } from '../fixtures/cli-process.ts'
import type { KuboDaemon, Undercluster } from '@composite-ipfs/testbed'
import type { CliProcess } from '../fixtures/cli-process.ts'

const run = promisify(execFile)

describe('safe forwarding through composite-ipfs serve (real ipfs CLI, real daemons)', () => {
  let kubo: KuboDaemon | undefined
  let uc: Undercluster | undefined
  let cli: CliProcess | undefined
  let dir: string
  let ipfsBin: string
  /** The `ipfs` CLI against `api`: exit code and both streams */
  const ipfs = async (api: string, ...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> => {
    try {
      const { stdout, stderr } = await run(ipfsBin, ['--api', api, ...args], { env: { ...process.env, IPFS_PATH: join(dir, 'no-repo') } })
      return { code: 0, stdout, stderr }
    } catch (err: any) {
      return { code: err.code as number, stdout: err.stdout as string, stderr: err.stderr as string }
    }
  }
  const post = async (url: string, command: string): Promise<{ status: number, body: string }> => {
    const res = await fetch(`${url}/api/v0/${command}`, { method: 'POST' })
    return { status: res.status, body: await res.text() }
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'safe-forwarding-'))
    ipfsBin = (await binaries()).ipfs
    ;[kubo, uc] = await Promise.all([startKubo(), startUndercluster({ peers: 2 })])
  })
  beforeEach(printLogsOnFailure(() => [kubo, ...(uc?.peers ?? []), ...(uc?.kubos ?? []), cli]))
  afterEach(async () => {
    await killCli(cli)
    cli = undefined
  })
  afterAll(async () => {
    await Promise.allSettled([kubo?.stop(), uc?.stop()])
    await rm(dir, { recursive: true, force: true })
  })

  it('ipfs shutdown stops the composite node, not the Kubo behind it', async () => {
    cli = await startCli(['serve', '--listen', '/ip4/127.0.0.1/tcp/0', '--kubo', kubo!.apiUrl])
    const answer = await ipfs(cli.addresses[0].multiaddr, 'shutdown')
    expect(answer.code, answer.stderr).toBe(0)
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(cli.stderr()).toContain('Received the shutdown command, shutting down...')
    expect((await post(kubo!.apiUrl, 'id')).status).toBe(200)
  })

  it('ipfs config and ipfs log level are refused, naming --forward-admin; every admin command is, and the Kubo is unchanged', async () => {
    cli = await startCli(['serve', '--listen', '/ip4/127.0.0.1/tcp/0', '--kubo', kubo!.apiUrl])
    const api = cli.addresses[0].multiaddr
    const before = await post(kubo!.apiUrl, 'config/show')
    const config = await ipfs(api, 'config', 'Addresses.API')
    expect(config.code).toBe(1)
    expect(config.stderr).toMatch(/^Error: "config" is refused: it reads or rewrites one daemon's configuration, .* Forward it anyway with --forward-admin config /m)
    const log = await ipfs(api, 'log', 'level', 'all', 'debug')
    expect(log.code).toBe(1)
    expect(log.stderr).toContain('--forward-admin log')
    const keys = await ipfs(api, 'key', 'gen', 'should-not-exist')
    expect(keys.code).toBe(1)
    for (const admin of ADMIN_COMMANDS.filter((a) => a.path !== 'shutdown')) {
      const res = await post(cli.addresses[0].url, `${admin.path}?arg=x`)
      expect(res.status, admin.path).toBe(403)
      expect(JSON.parse(res.body), admin.path).toMatchObject({ Code: 4, Type: 'error' })
    }
    expect(await post(kubo!.apiUrl, 'config/show')).toEqual(before)
    expect((await post(kubo!.apiUrl, 'key/list')).body).not.toContain('should-not-exist')
    // config/show stays answered: ipfs-cluster's connector reads Datastore.StorageMax from it
    expect((await post(cli.addresses[0].url, 'config/show')).status).toBe(200)
  })

  it('--forward-admin config forwards ipfs config to the Kubo; a bad value names the flag and the accepted forms', async () => {
    cli = await startCli(['serve', '--listen', '/ip4/127.0.0.1/tcp/0', '--kubo', kubo!.apiUrl, '--forward-admin', 'config'])
    const config = await ipfs(cli.addresses[0].multiaddr, 'config', 'Addresses.API')
    expect(config.code, config.stderr).toBe(0)
    expect(config.stdout).toBe((await ipfs(kubo!.apiMultiaddr, 'config', 'Addresses.API')).stdout)
    expect((await ipfs(cli.addresses[0].multiaddr, 'log', 'level', 'all', 'info')).code).toBe(1)
    await killCli(cli)
    cli = undefined

    const bad = await run(process.execPath, ['--conditions=source', '--import', 'tsx', join(import.meta.dirname, '../../src/bin.ts'), 'serve', '--kubo', kubo!.apiUrl, '--forward-admin', 'confg']).then(() => undefined, (err: any) => err)
    expect(bad?.code).toBe(2)
    expect(bad?.stderr).toContain('--forward-admin "confg" is not an admin command; accepted: all, or a comma-separated list of config, log, diag, key, repo')
  })

  it('a cluster backend forwards what answers alike on each Kubo, and refuses the rest naming --cluster-passthrough', async () => {
    const base = ['serve', '--listen', '/ip4/127.0.0.1/tcp/0', ...uc!.restUrls.flatMap((url) => ['--cluster', url]), ...uc!.kubos.flatMap((k) => ['--cluster-ipfs', k.apiUrl])]
    cli = await startCli(base)
    const api = cli.addresses[0].multiaddr
    const emptyDir = 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn'
    const stat = await ipfs(api, 'dag', 'stat', '--progress=false', emptyDir)
    expect(stat.code, stat.stderr).toBe(0)
    expect(stat.stdout).toContain('Size: 4')
    const cidBase32 = await post(cli.addresses[0].url, `cid/base32?arg=${emptyDir}`)
    expect(cidBase32).toEqual(await post(uc!.kubos[0].apiUrl, `cid/base32?arg=${emptyDir}`))
    const files = await ipfs(api, 'files', 'ls', '/')
    expect(files.code).toBe(1)
    expect(files.stderr).toMatch(/^Error: "files\/ls" is not forwarded to undercluster .*: its answer depends on which of the undercluster's Kubo daemons serves it .* --cluster-passthrough files\/ls /m)
    await killCli(cli)

    cli = await startCli([...base, '--cluster-passthrough', 'files'])
    const allowed = await ipfs(cli.addresses[0].multiaddr, 'files', 'ls', '/')
    expect(allowed.code, allowed.stderr).toBe(0)
  })
})
