import { createServer } from 'node:net'
import { once } from 'node:events'
import { ClientClosedError } from '@composite-ipfs/rpc-client'
import { startKubo } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kuboConnector } from '../../src/index.ts'
import { caught } from '../fixtures/caught.ts'
import { bytesOf, collect, entries, file } from '../fixtures/entries.ts'
import type { KuboConnector } from '../../src/index.ts'
import type { KuboDaemon } from '@composite-ipfs/testbed'
import type { AddressInfo } from 'node:net'

let kubo: KuboDaemon
let other: KuboDaemon
let backend: KuboConnector

/** A loopback URL where nothing listens */
async function deadUrl (): Promise<string> {
  const s = createServer().listen(0, '127.0.0.1')
  await once(s, 'listening')
  const { port } = s.address() as AddressInfo
  await new Promise(resolve => s.close(resolve))
  return `http://127.0.0.1:${port}`
}

beforeAll(async () => {
  // unset StorageMax: Kubo reports 2^64-1
  [kubo, other] = await Promise.all([startKubo({ storageMax: '' }), startKubo({ name: 'kubo-other' })])
  backend = kuboConnector({ endpoints: [kubo.apiUrl] })
})
afterAll(async () => {
  await backend?.stop()
  await Promise.all([kubo?.stop(), other?.stop()])
})

describe('node commands answer exactly what Kubo answers', () => {
  it('id and version', async () => {
    expect(await backend.id(undefined)).toEqual(await kubo.rpc('id'))
    expect(await backend.id(kubo.peerId)).toEqual(await kubo.rpc('id'))
    expect(await backend.version()).toEqual(await kubo.rpc('version'))
    expect((await backend.version()).Version).toBe('0.42.0')
  })

  it('config/show', async () => {
    const config = await backend.configShow()
    expect(config).toEqual(await kubo.rpc('config/show'))
    expect((config.Identity as { PeerID: string }).PeerID).toBe(kubo.peerId)
  })

  it('swarm/connect and swarm/peers', async () => {
    expect(await backend.swarmPeers()).toEqual({ Peers: null })
    const addr = other.swarmAddresses[0] as string
    expect(await backend.swarmConnect([addr])).toEqual({ Strings: [`connect ${other.peerId} success`] })
    const { Peers } = await backend.swarmPeers()
    expect(Peers?.map(p => p.Peer)).toEqual([other.peerId])
    expect(Object.keys(Peers?.[0] ?? {})).toEqual(['Addr', 'Peer', 'Identify'])
    const verbose = await backend.swarmPeers({ verbose: true })
    expect(verbose.Peers?.[0]).toHaveProperty('Latency')
  })

  it('repo/stat keeps 2^64-1 exact and forwards size-only', async () => {
    const stat = await backend.repoStat()
    expect(stat.StorageMax).toBe(18446744073709551615n)
    expect(typeof stat.RepoSize).toBe('bigint')
    expect(stat.NumObjects).toBeGreaterThan(0n)
    expect(stat.Version).toBe('fs-repo@18')
    expect(stat.RepoPath).toBe(kubo.repoPath)
    const sizeOnly = await backend.repoStat({ sizeOnly: true })
    expect(sizeOnly).toMatchObject({ StorageMax: 18446744073709551615n, NumObjects: 0n, RepoPath: '', Version: '' })
    // a finite StorageMax: Kubo's SI parse of the default '10GB'
    const ten = kuboConnector({ endpoints: [other.apiUrl] })
    expect((await ten.repoStat({ sizeOnly: true })).StorageMax).toBe(10_000_000_000n)
    await ten.stop()
  })

  it('repo/stat delegates to an injected provider', async () => {
    const stat = { RepoSize: 1n, StorageMax: 2n, NumObjects: 3n, RepoPath: 'aggregate', Version: 'fs-repo@18' }
    const aggregated = kuboConnector({ endpoints: [kubo.apiUrl], repoStat: { repoStat: async () => stat } })
    expect(await aggregated.repoStat()).toBe(stat)
    await aggregated.stop()
  })

  it('repo/gc streams link-object keys', async () => {
    await collect(backend.add(entries(file('gc-me', 'garbage')), { pin: false }))
    const events = await collect(backend.repoGc())
    expect(events.length).toBeGreaterThan(0)
    expect(events[0]).toEqual({ Key: { '/': expect.any(String) } })
  })

  it('name/resolve of the node itself, single and streamed', async () => {
    const direct = await kubo.rpc<{ Path: string }>('name/resolve')
    expect(direct.Path).toMatch(/^\/ipfs\//)
    expect(await collect(backend.nameResolve(undefined))).toEqual([direct])
    expect(await collect(backend.nameResolve(`/ipns/${kubo.peerId}`, { stream: true }))).toContainEqual(direct)
  })
})

describe('passthrough', () => {
  it('forwards a command without a typed method and hands the answer back as it came', async () => {
    const res = await backend.passthrough({ command: 'key/list', query: 'l=true', headers: { 'user-agent': '/kubo/0.1.0/', origin: 'https://evil.example' } })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json')
    expect(res.headers.trailer).toBe('X-Stream-Error')
    expect(res.headers['transfer-encoding']).toBeUndefined()
    const body = JSON.parse((await bytesOf(res.body)).toString())
    expect(body.Keys[0].Name).toBe('self')
    expect(await res.trailers).toEqual({})
  })

  it('streams a request body through (files/write) and forwards Kubo statuses unchanged', async () => {
    const boundary = 'XyZ'
    const body = (async function * () {
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\nContent-Type: application/octet-stream\r\n\r\n`)
      yield Buffer.from('through passthrough')
      yield Buffer.from(`\r\n--${boundary}--\r\n`)
    })()
    const write = await backend.passthrough({ command: 'files/write', query: 'arg=/pt.txt&create=true', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body })
    expect(write.status).toBe(200)
    await bytesOf(write.body)
    const read = await backend.passthrough({ command: 'files/read', query: 'arg=/pt.txt', headers: {} })
    expect((await bytesOf(read.body)).toString()).toBe('through passthrough')
    const missing = await backend.passthrough({ command: 'no/such/command', query: '', headers: {} })
    expect(missing.status).toBe(404)
    expect((await bytesOf(missing.body)).toString()).toBe('404 page not found\n')
  })
})

describe('failover and lifecycle', () => {
  it('moves past a dead first endpoint, for reads and for writes', async () => {
    const pair = kuboConnector({ endpoints: [await deadUrl(), kubo.apiUrl] })
    expect((await pair.id(undefined)).ID).toBe(kubo.peerId)
    const [added] = await collect(pair.add(entries(file('fo', 'failover write')), { pin: false }))
    expect(await collect(pair.pinAdd([added?.Hash as string]))).toEqual([{ Pins: [added?.Hash] }])
    expect(pair.endpoints).toHaveLength(2)
    await pair.stop()
  })

  it('stop closes the pools; stop twice is fine; calls after stop fail cleanly; start revives it', async () => {
    const own = kuboConnector({ endpoints: [kubo.apiUrl] })
    await own.start()
    await own.version()
    await own.stop()
    await own.stop()
    const err = await caught(own.version())
    expect(err).toBeInstanceOf(ClientClosedError)
    expect(err.code).toBe('ERR_CLIENT_CLOSED')
    const listing = own.pinLs([]) // streams fail when pulled, not when created
    expect((await caught(listing)).code).toBe('ERR_CLIENT_CLOSED')
    expect(own.endpoints).toEqual([kubo.apiUrl])
    await own.start()
    expect((await own.version()).Version).toBe('0.42.0')
    await own.stop()
  })
})
