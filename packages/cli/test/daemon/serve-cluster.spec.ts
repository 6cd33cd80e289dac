import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { printLogsOnFailure, startUndercluster } from '@composite-ipfs/testbed'
import { startCli } from '../fixtures/cli-process.ts'
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
    if (cli !== undefined && cli.child.exitCode === null && cli.child.signalCode === null) {
      cli.child.kill('SIGKILL')
      await cli.exited
    }
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
