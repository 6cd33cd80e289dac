/**
 * A real nginx (Debian's nginx-light, installed when missing) in front of a composite node, as
 * the seed advises for TLS ("place a reverse proxy + SSL in front of it") and as
 * docs/operations.md configures it: TLS to the clients, nginx's default HTTP/1.0 to the node,
 * no buffering either way. Real clients drive it: the `ipfs` CLI over https, kubo-rpc-client,
 * and an ipfs-cluster peer whose daemon is the node behind nginx.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { binaries, compositeNode, printLogsOnFailure, startKubo, startNginx, startOvercluster, testCertificates } from '@composite-ipfs/testbed'
import all from 'it-all'
import { create } from 'kubo-rpc-client'
import { request } from 'undici'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Backend, ByteStream } from '@composite-ipfs/interface'
import type { CompositeNode, KuboDaemon, Nginx, Overcluster, TestCertificates } from '@composite-ipfs/testbed'

describe('nginx in front of a composite node', () => {
  let certs: TestCertificates
  let kubo: KuboDaemon
  let node: CompositeNode
  let proxy: Nginx
  let dir: string
  let ipfsBin: string
  beforeEach(printLogsOnFailure(() => [kubo, { name: 'nginx', logs: () => proxy?.logs() ?? '' }].filter(d => d != null)))

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nginx-'))
    certs = await testCertificates()
    ipfsBin = (await binaries()).ipfs
    kubo = await startKubo()
    node = await compositeNode({ backend: kuboConnector({ endpoints: [kubo.apiUrl] }), middleware: [headerPolicy()] })
    proxy = await startNginx({ upstream: node.url, tls: { certFile: certs.certFile, keyFile: certs.keyFile } })
  })
  afterAll(async () => {
    await proxy?.stop()
    await node?.stop()
    await kubo?.stop()
    await certs?.remove()
    if (dir != null) await rm(dir, { recursive: true, force: true })
  })

  /** Runs the real `ipfs` CLI against `api`; resolves its exit code and output */
  const run = async (api: string, args: string[]): Promise<{ code: number, stdout: string, stderr: string }> => await new Promise((resolve) => {
    execFile(ipfsBin, ['--api', api, ...args], { env: { ...process.env, IPFS_PATH: join(dir, 'no-repo'), SSL_CERT_FILE: certs.caFile }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr })
    })
  })
  /** The `ipfs` CLI through nginx over https, trusting the test CA */
  const ipfs = async (args: string[]): Promise<string> => {
    const result = await run(proxy.httpsMultiaddr!, args)
    if (result.code !== 0) throw new Error(`ipfs ${args.join(' ')} exited ${result.code}: ${result.stderr}`)
    return result.stdout
  }

  it('the ipfs CLI adds, cats, pins, lists and reads repo/stat over TLS through nginx', async () => {
    const data = randomBytes(3 * 1024 * 1024)
    await writeFile(join(dir, 'big.bin'), data)
    const cid = (await ipfs(['add', '-Q', '--pin=false', join(dir, 'big.bin')])).trim()
    expect(cid).toBe((await kubo.cli(['add', '-Q', '--only-hash', join(dir, 'big.bin')])).stdout.trim())
    await ipfs(['get', '-o', join(dir, 'back.bin'), cid])
    expect(Buffer.compare(await readFile(join(dir, 'back.bin')), data)).toBe(0)
    expect((await ipfs(['pin', 'add', cid])).trim()).toBe(`pinned ${cid} recursively`)
    expect((await ipfs(['pin', 'ls', '--type', 'recursive', cid])).trim()).toBe(`${cid} recursive`)
    expect(await ipfs(['repo', 'stat', '--size-only'])).toMatch(/^RepoSize:\s+\d+\nStorageMax:\s+\d+\n$/)
  })

  it('kubo-rpc-client adds, cats, pins, lists and reads repo/stat through nginx', async () => {
    const client = create({ url: proxy.httpUrl })
    const { cid } = await client.add(`through nginx ${randomBytes(8).toString('hex')}`, { pin: false })
    const bytes = Buffer.concat(await all(client.cat(cid)))
    expect(bytes.toString()).toMatch(/^through nginx /)
    await client.pin.add(cid)
    expect((await all(client.pin.ls({ paths: [cid] }))).map(p => [p.cid.toString(), p.type])).toEqual([[cid.toString(), 'recursive']])
    const stat = await client.repo.stat()
    expect(stat.repoSize).toBeGreaterThan(0n)
    expect(await kubo.rpc('pin/ls', { arg: cid.toString() })).toMatchObject({ Keys: { [cid.toString()]: { Type: 'recursive' } } })
  })

  describe('an ipfs-cluster peer whose daemon is the composite node behind nginx', () => {
    let oc: Overcluster
    beforeAll(async () => {
      oc = await startOvercluster({ attach: [proxy.httpMultiaddr], connectSwarmsDelay: '0s' })
    })
    afterAll(async () => { await oc?.stop() })

    it('pins end to end, and unpins', async () => {
      await writeFile(join(dir, 'cluster.txt'), `pinned by a cluster through nginx ${randomBytes(8).toString('hex')}`)
      const cid = (await kubo.cli(['add', '-Q', '--pin=false', join(dir, 'cluster.txt')])).stdout.trim()
      await oc.peers[0]!.rest(`/pins/${cid}`, { method: 'POST' })
      await oc.waitForStatus(cid, 'pinned', { timeoutMs: 60_000 })
      expect(await kubo.rpc('pin/ls', { arg: cid })).toMatchObject({ Keys: { [cid]: { Type: 'recursive' } } })
      await oc.peers[0]!.rest(`/pins/${cid}`, { method: 'DELETE' })
      await oc.waitFor(async () => await kubo.rpc('pin/ls', { arg: cid }).then(() => false, () => true), { timeoutMs: 30_000, message: 'the unpin to reach the Kubo' })
    })
  })

  describe('a backend that fails mid-stream (a fake: no real daemon fails on cue)', () => {
    const CID = 'QmZLRFWaz9Kypt2ACNMDzA5uzACDRiCqwdkNSP1UZsu56D'
    let broken: CompositeNode
    let brokenProxy: Nginx
    beforeAll(async () => {
      const backend: Backend = {
        name: 'breaks-mid-stream',
        async id () { return { ID: '12D3KooWAmaccodVQwLNqHrBHqTReZy5wHUxLhqn4YjqNB8gwLh5', Addresses: [] } },
        async version () { return { Version: '0.42.0' } },
        async cat (): Promise<ByteStream> {
          const body = (async function * () {
            yield new Uint8Array(256 * 1024).fill(97)
            throw new Error('the backend broke mid-stream')
          })()
          return { body }
        }
      }
      broken = await compositeNode({ backend })
      brokenProxy = await startNginx({ upstream: broken.url })
    })
    afterAll(async () => {
      await brokenProxy?.stop()
      await broken?.stop()
    })

    it('reaches an HTTP/1.1 client through nginx as a failure, never as a whole answer', async () => {
      const res = await request(`${brokenProxy.httpUrl}/api/v0/cat?arg=${CID}`, { method: 'POST' })
      expect(res.statusCode).toBe(200)
      let received = 0
      const reading = (async () => { for await (const chunk of res.body) received += (chunk as Buffer).length })()
      await expect(reading).rejects.toThrow()
      expect(received).toBeLessThanOrEqual(256 * 1024)
    })

    it('makes `ipfs cat` through nginx fail', async () => {
      const result = await run(brokenProxy.httpMultiaddr, ['cat', CID])
      // it started (the bytes came) and then failed, rather than being refused up front
      expect(result.stdout.length).toBeGreaterThan(0)
      expect(result.code).not.toBe(0)
      expect(result.stdout.length).toBeLessThanOrEqual(256 * 1024)
    })
  })
})
