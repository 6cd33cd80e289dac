import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compositeNode, startKubo } from '@composite-ipfs/testbed'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_REPORTED, UNLIMITED, repoStatAggregator, repoStatEndpoint } from '../../src/index.ts'
import type { KuboDaemon } from '@composite-ipfs/testbed'

const UNLIMITED_CAPACITY = 7_000_000_000n

interface OwnStat { RepoSize: bigint, StorageMax: bigint, NumObjects: bigint, Version: string }

/** A Kubo's own repo/stat, read from the raw text (JSON.parse would round 2^64-1) */
async function ownStat (kubo: KuboDaemon, sizeOnly: boolean): Promise<OwnStat> {
  const res = await request(`${kubo.apiUrl}/api/v0/repo/stat${sizeOnly ? '?size-only=true' : ''}`, { method: 'POST' })
  const text = await res.body.text()
  const int = (key: string): bigint => BigInt(new RegExp(`"${key}":(\\d+)`).exec(text)![1])
  return { RepoSize: int('RepoSize'), StorageMax: int('StorageMax'), NumObjects: int('NumObjects'), Version: /"Version":"([^"]*)"/.exec(text)![1] }
}

const same = (a: unknown, b: unknown): boolean => {
  const text = (v: unknown): string => JSON.stringify(v, (_, x: unknown) => typeof x === 'bigint' ? x.toString() : x)
  return text(a) === text(b)
}

describe('repo/stat aggregator over three real Kubos', () => {
  let kubos: KuboDaemon[] = []
  let dataDir = ''

  beforeAll(async () => {
    kubos = await Promise.all([
      startKubo({ name: 'kubo-unlimited', storageMax: '' }),
      startKubo({ name: 'kubo-10gb-a', storageMax: '10GB' }),
      startKubo({ name: 'kubo-10gb-b', storageMax: '10GB' })
    ])
    // some content, so the sizes differ
    dataDir = await mkdtemp(join(tmpdir(), 'repo-stat-test-'))
    const file = join(dataDir, 'data.bin')
    await writeFile(file, randomBytes(3 * 1024 * 1024))
    const added = await kubos[1].cli(['add', '-q', file])
    expect(added.code).toBe(0)
  })

  afterAll(async () => {
    await Promise.all(kubos.map(async k => k.stop()))
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true })
  })

  /** The aggregate, and each Kubo's own answers asked just before and after it (repeated until they agree) */
  async function consistentRound (sizeOnly: boolean, live: KuboDaemon[]): Promise<{ own: OwnStat[], breakdown: Awaited<ReturnType<ReturnType<typeof repoStatAggregator>['breakdown']>> }> {
    for (let attempt = 0; ; attempt++) {
      const before = await Promise.all(live.map(async k => ownStat(k, sizeOnly)))
      const stats = repoStatAggregator({ sources: kubos.map(k => k.apiUrl), unlimitedCapacity: UNLIMITED_CAPACITY, timeout: 2_000 })
      const breakdown = await stats.breakdown({ sizeOnly }).finally(async () => stats.stop())
      const after = await Promise.all(live.map(async k => ownStat(k, sizeOnly)))
      if (same(before, after) || attempt === 4) {
        return { own: after, breakdown }
      }
    }
  }

  it('adds up size-only answers exactly, counting the unlimited Kubo as unlimitedCapacity', async () => {
    const { own, breakdown } = await consistentRound(true, kubos)
    const [unlimited, a, b] = own
    expect(unlimited.StorageMax).toBe(UNLIMITED)
    expect(a.StorageMax).toBe(10_000_000_000n)
    expect(a.RepoSize).toBeGreaterThan(3n * 1024n * 1024n)

    expect(breakdown.peers.map(p => [p.source, p.stat?.RepoSize, p.stat?.StorageMax, p.unlimited])).toEqual([
      [kubos[0].apiUrl, unlimited.RepoSize, UNLIMITED, true],
      [kubos[1].apiUrl, a.RepoSize, a.StorageMax, undefined],
      [kubos[2].apiUrl, b.RepoSize, b.StorageMax, undefined]
    ])
    const repoSize = unlimited.RepoSize + a.RepoSize + b.RepoSize
    expect(breakdown.total).toEqual({
      RepoSize: repoSize,
      StorageMax: repoSize + UNLIMITED_CAPACITY + (a.StorageMax - a.RepoSize) + (b.StorageMax - b.RepoSize),
      NumObjects: 0n,
      RepoPath: '',
      Version: ''
    })
    expect(breakdown.total.StorageMax).toBeLessThanOrEqual(MAX_REPORTED)
  })

  it('sums NumObjects and reports the repo version without size-only', async () => {
    const { own, breakdown } = await consistentRound(false, kubos)
    expect(breakdown.total.NumObjects).toBe(own.reduce((sum, s) => sum + s.NumObjects, 0n))
    expect(breakdown.total.NumObjects).toBeGreaterThan(12n)
    expect(breakdown.total.Version).toBe(own[0].Version)
    expect(breakdown.total.Version).toMatch(/^fs-repo@\d+$/)
    expect(breakdown.total.RepoPath).toBe('composite:3 peers')
  })

  it('serves the aggregate as repo/stat, and the breakdown as composite/repo/stat, from a real composite node', async () => {
    const stats = repoStatAggregator({ sources: kubos.map(k => k.apiUrl), unlimitedCapacity: UNLIMITED_CAPACITY })
    const node = await compositeNode({
      backend: { name: 'aggregate', repoStat: async options => stats.repoStat(options) },
      middleware: [repoStatEndpoint(stats)]
    })
    try {
      const post = async (path: string): Promise<string> => {
        const res = await request(`${node.url}/api/v0/${path}`, { method: 'POST' })
        expect(res.statusCode).toBe(200)
        return res.body.text()
      }
      const total = await stats.repoStat({ sizeOnly: true })
      expect(await post('repo/stat?size-only=true')).toBe(
        `{"RepoSize":${total.RepoSize},"StorageMax":${total.StorageMax},"NumObjects":0,"RepoPath":"","Version":""}\n`)

      const breakdown = await post('composite/repo/stat?size-only=true')
      expect(breakdown).toMatch(new RegExp(`^\\{"Total":\\{"RepoSize":${total.RepoSize},"StorageMax":${total.StorageMax},`))
      expect(breakdown).toContain(`{"Source":"${kubos[0].apiUrl}","Unlimited":true,"Stat":{"RepoSize":`)
      expect(breakdown).toContain('"StorageMax":18446744073709551615,')

      const get = await request(`${node.url}/api/v0/composite/repo/stat`)
      expect(get.statusCode).toBe(405)
      await get.body.dump()
    } finally {
      await node.stop()
      await stats.stop()
    }
  })

  it('reports a Kubo stopped mid-test as dead and adds up the others; none alive is an error', async () => {
    const stats = repoStatAggregator({ sources: kubos.map(k => k.apiUrl), unlimitedCapacity: UNLIMITED_CAPACITY, ttl: 100, timeout: 2_000 })
    try {
      expect((await stats.breakdown({ sizeOnly: true })).peers.every(p => p.stat !== undefined)).toBe(true)
      await kubos[2].stop()
      await new Promise(resolve => setTimeout(resolve, 150))
      const { total, peers } = await stats.breakdown({ sizeOnly: true })
      expect(peers[2]).toEqual({ source: kubos[2].apiUrl, error: expect.stringMatching(/ECONNREFUSED/) })
      const [unlimited, a] = await Promise.all([ownStat(kubos[0], true), ownStat(kubos[1], true)])
      expect(total.RepoSize).toBe(unlimited.RepoSize + a.RepoSize)
      expect(total.StorageMax).toBe(unlimited.RepoSize + a.RepoSize + UNLIMITED_CAPACITY + (a.StorageMax - a.RepoSize))

      await Promise.all([kubos[0].stop(), kubos[1].stop()])
      await new Promise(resolve => setTimeout(resolve, 150))
      const err = await stats.repoStat({ sizeOnly: true }).then(() => undefined, (e: unknown) => e as Error)
      expect(err).toMatchObject({ name: 'UpstreamUnavailableError' })
      for (const kubo of kubos) expect(err?.message).toContain(kubo.apiUrl)
    } finally {
      await stats.stop()
    }
  })
})
