import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { printLogsOnFailure, startKubo } from '@composite-ipfs/testbed'
import { killCli, startCli } from '../fixtures/cli-process.ts'
import type { KuboDaemon } from '@composite-ipfs/testbed'
import type { CliProcess } from '../fixtures/cli-process.ts'

async function rpc<T> (url: string, command: string): Promise<T> {
  const res = await fetch(`${url}/api/v0/${command}`, { method: 'POST' })
  expect(res.status).toBe(200)
  return await res.json() as T
}

describe('composite-ipfs serve --kubo (real CLI in front of a real Kubo)', () => {
  let kubo: KuboDaemon | undefined
  let dir: string
  let cli: CliProcess | undefined

  beforeAll(async () => {
    kubo = await startKubo()
    dir = await mkdtemp(join(tmpdir(), 'cli-serve-'))
  })
  beforeEach(printLogsOnFailure(() => [kubo, cli]))
  afterEach(async () => {
    await killCli(cli)
    cli = undefined
  })
  afterAll(async () => {
    await kubo?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('prints every listen address, answers id and version, works for the real ipfs CLI, and exits 0 on SIGTERM', async () => {
    const socket = join(dir, 'api.sock')
    const t0 = Date.now()
    cli = await startCli(['serve', '--listen', '/ip4/127.0.0.1/tcp/0', '--listen', `/unix${socket}`, '--kubo', kubo!.apiUrl])
    console.info(`composite-ipfs serve ready in ${Date.now() - t0} ms (including tsx start-up)`)
    expect(cli.addresses).toHaveLength(2)
    const [tcp, unix] = cli.addresses
    expect(tcp.multiaddr).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+$/)
    expect(tcp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(unix.multiaddr).toBe(`/unix${socket}`)

    const id = await rpc<{ ID: string }>(tcp.url, 'id')
    expect(id.ID).toBe(kubo!.peerId)
    const version = await rpc<{ Version: string }>(tcp.url, 'version')
    expect(version.Version).toBe('0.42.0')

    // the real Kubo CLI, pointed at the composite node
    const ipfsVersion = await kubo!.cli(['--api', tcp.multiaddr, 'version'])
    expect(ipfsVersion.code).toBe(0)
    expect(ipfsVersion.stdout).toContain('0.42.0')
    const ipfsId = await kubo!.cli(['--api', tcp.multiaddr, 'id', '-f', '<id>'])
    expect(ipfsId.stdout.trim()).toBe(kubo!.peerId)

    cli.child.kill('SIGTERM')
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(cli.stderr()).toContain('Received SIGTERM, shutting down')
  })

  it('reads its settings from --config, flags overriding the file', async () => {
    const path = join(dir, 'composite-ipfs.json')
    await writeFile(path, JSON.stringify({ listen: ['/ip4/127.0.0.1/tcp/1'], kubo: [kubo!.apiUrl] }))
    cli = await startCli(['serve', '--config', path, '--listen', 'http://127.0.0.1:0'])
    expect(cli.addresses).toHaveLength(1)
    expect((await rpc<{ ID: string }>(cli.addresses[0].url, 'id')).ID).toBe(kubo!.peerId)
    cli.child.kill('SIGINT')
    expect((await cli.exited).code).toBe(0)
  })

  it('exits 2 with a message for a bad config, before listening', async () => {
    const path = join(dir, 'bad.json')
    await writeFile(path, JSON.stringify({ kubo: [kubo!.apiUrl], cluster: ['http://127.0.0.1:9094'] }))
    await expect(startCli(['serve', '--config', path])).rejects.toThrow(/exited \(2\)[\s\S]*not both/)
  })
})
