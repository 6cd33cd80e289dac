import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { printLogsOnFailure, startUndercluster } from '@composite-ipfs/testbed'
import { makeCerts } from '../fixtures/certs.ts'
import { killCli, startCli } from '../fixtures/cli-process.ts'
import { startTlsProxy } from '../fixtures/tls-proxy.ts'
import type { Undercluster } from '@composite-ipfs/testbed'
import type { CliProcess } from '../fixtures/cli-process.ts'

const USER = 'admin'
const PASSWORD = 'hunter2'

describe('composite-ipfs serve --cluster (real CLI in front of a real undercluster with REST auth)', () => {
  let uc: Undercluster | undefined
  let dir: string
  let cli: CliProcess | undefined

  beforeAll(async () => {
    uc = await startUndercluster({ peers: 2, restBasicAuth: { [USER]: PASSWORD } })
    dir = await mkdtemp(join(tmpdir(), 'cli-cluster-'))
  })
  beforeEach(printLogsOnFailure(() => [cli, ...(uc?.peers ?? [])]))
  afterEach(async () => {
    await killCli(cli)
    cli = undefined
  })
  afterAll(async () => {
    await uc?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  const clusterArgs = (): string[] => [
    'serve', '--listen', '/ip4/127.0.0.1/tcp/0',
    ...uc!.restUrls.flatMap((url) => ['--cluster', url]),
    ...uc!.kubos.flatMap((kubo) => ['--cluster-ipfs', kubo.apiUrl])
  ]

  it('takes basic auth from the environment, and pins through the cluster for the real ipfs CLI', async () => {
    cli = await startCli(clusterArgs(), { COMPOSITE_IPFS_CLUSTER_BASIC_AUTH: `${USER}:${PASSWORD}` })
    expect(cli.stdout()).toContain(`Serving from ipfs-cluster ${uc!.restUrls.join(', ')}`)
    const [{ multiaddr }] = cli.addresses
    const kubo = uc!.kubos[0]

    const id = await kubo.cli(['--api', multiaddr, 'id', '-f', '<id>'])
    expect(id.code).toBe(0)
    expect(id.stdout.trim()).toMatch(/^12D3Koo/)

    const file = join(dir, 'pin-me.txt')
    await writeFile(file, `pinned through a composite node ${Date.now()}\n`)
    const cid = (await kubo.cli(['add', '-Q', '--pin=false', file])).stdout.trim()
    const pin = await kubo.cli(['--api', multiaddr, 'pin', 'add', cid])
    expect(pin.stderr).toBe('')
    expect(pin.code).toBe(0)
    const info = await uc!.waitForStatus(cid, 'pinned')
    expect(Object.keys(info.peer_map)).toHaveLength(2)
    for (const daemon of uc!.kubos) {
      const pins = await daemon.rpc<{ Keys: Record<string, unknown> }>('pin/ls', { arg: cid })
      expect(Object.keys(pins.Keys)).toEqual([cid])
    }
  })

  it('reaches the REST API over HTTPS with a private CA and a client certificate (--cluster-ca/--cluster-cert/--cluster-key)', async () => {
    const certs = await makeCerts(await mkdtemp(join(dir, 'certs-')))
    const pem = async (path: string): Promise<Buffer> => await readFile(path)
    const proxy = await startTlsProxy(uc!.restUrls[0]!, { ca: await pem(certs.ca), cert: await pem(certs.serverCert), key: await pem(certs.serverKey) })
    try {
      const tlsArgs = ['serve', '--listen', '/ip4/127.0.0.1/tcp/0', '--cluster', proxy.url, '--cluster-ca', certs.ca, ...uc!.kubos.flatMap((kubo) => ['--cluster-ipfs', kubo.apiUrl])]
      const env = { COMPOSITE_IPFS_CLUSTER_BASIC_AUTH: `${USER}:${PASSWORD}` }
      cli = await startCli([...tlsArgs, '--cluster-cert', certs.clientCert, '--cluster-key', certs.clientKey], env)
      const file = join(dir, 'over-tls.txt')
      await writeFile(file, `pinned over mutual TLS ${Date.now()}\n`)
      const kubo = uc!.kubos[0]
      const cid = (await kubo.cli(['add', '-Q', '--pin=false', file])).stdout.trim()
      const pin = await kubo.cli(['--api', cli.addresses[0].multiaddr, 'pin', 'add', cid])
      expect(pin.stderr).toBe('')
      expect(pin.code).toBe(0)
      await uc!.waitForStatus(cid, 'pinned')
      expect(proxy.clients).toContain('composite node')
      cli.child.kill('SIGKILL')
      await cli.exited

      // without the client certificate the TLS proxy refuses the node
      cli = await startCli(tlsArgs, env)
      const res = await fetch(`${cli.addresses[0].url}/api/v0/pin/ls?stream=true`, { method: 'POST' })
      expect(res.status).toBe(500)
      const { Message } = await res.json() as { Message: string }
      // the TLS handshake is cut by the proxy: every attempt fails before any HTTP
      expect(Message).toMatch(/^no upstream endpoint could serve the request: https:\/\/127\.0\.0\.1:\d+: other side closed/)
      expect(Message).not.toContain(PASSWORD)
    } finally {
      await proxy.close()
    }
  })

  it('takes the pin/ls mode, the pin wait and the repo/stat cache from flags', async () => {
    const tuning = ['--cluster-pin-ls', 'pinset', '--pin-wait', 'accepted', '--pin-wait-timeout', '60000', '--pin-poll-interval', '100', '--repo-stat-ttl', '0']
    cli = await startCli([...clusterArgs(), ...tuning], { COMPOSITE_IPFS_CLUSTER_BASIC_AUTH: `${USER}:${PASSWORD}` })
    const api = cli.addresses[0].url
    const rpc = async (command: string): Promise<{ status: number, text: string }> => {
      const res = await fetch(`${api}/api/v0/${command}`, { method: 'POST' })
      return { status: res.status, text: await res.text() }
    }
    const kubo = uc!.kubos[0]
    const file = join(dir, 'nobody-has-it.txt')
    await writeFile(file, `pinned nowhere ${Date.now()}\n`)
    const missing = (await kubo.cli(['add', '-Q', '--only-hash', file])).stdout.trim()
    // accepted: answered once in the shared state, although no peer can fetch the block
    const pin = await rpc(`pin/add?arg=${missing}`)
    expect(pin).toEqual({ status: 200, text: `{"Pins":["${missing}"]}\n` })
    // pinset: the listing shows what the cluster intends, this pin included
    const listed = await rpc('pin/ls?stream=true')
    expect(listed.status).toBe(200)
    expect(listed.text.split('\n')).toContain(`{"Cid":"${missing}","Type":"recursive"}`)
    // no repo/stat cache: a new block shows at once
    const objects = async (): Promise<number> => (JSON.parse((await rpc('repo/stat')).text) as { NumObjects: number }).NumObjects
    const before = await objects()
    expect((await kubo.cli(['block', 'put', file])).code).toBe(0)
    expect(await objects()).toBeGreaterThan(before)
    await uc!.peers[0].rest(`/pins/${missing}`, { method: 'DELETE' })
  })

  it('takes a JWT from --cluster-token-file', async () => {
    const { token } = await uc!.peers[0].rest<{ token: string }>('/token', { method: 'POST' })
    const tokenFile = join(dir, 'token')
    await writeFile(tokenFile, `${token}\n`)
    cli = await startCli([...clusterArgs(), '--cluster-token-file', tokenFile], { COMPOSITE_IPFS_CLUSTER_BASIC_AUTH: '' })
    const res = await fetch(`${cli.addresses[0].url}/api/v0/pin/ls?stream=true`, { method: 'POST' })
    expect(res.status).toBe(200)
    await res.text()
    cli.child.kill('SIGTERM')
    expect((await cli.exited).code).toBe(0)
  })
})
