import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { UNLIMITED } from '../../src/index.ts'
import { MultiSourceRepoStat } from '../../src/aggregator.ts'
import { GB, stat } from '../fixtures/stats.ts'
import type { StatSource } from '../../src/aggregator.ts'
import type { RepoStat } from '@composite-ipfs/interface'

/** A source answering from a function, counting its calls (the real one is tested against Kubo) */
function source (label: string, answer: (sizeOnly: boolean) => Promise<RepoStat>): StatSource & { calls: number } {
  const s = {
    label,
    calls: 0,
    async repoStat (sizeOnly: boolean) { s.calls++; return answer(sizeOnly) },
    async close () {}
  }
  return s
}

const dead = (label: string): StatSource & { calls: number } => source(label, async () => { throw new Error('connect ECONNREFUSED') })

describe('MultiSourceRepoStat', () => {
  // lru-cache measures its TTL with the performance object it found at load, which fake timers replace
  const loaded = globalThis.performance
  beforeEach(() => {
    vi.useFakeTimers()
    vi.spyOn(loaded, 'now').mockImplementation(() => Date.now())
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.useRealTimers()
  })

  it('skips a dead peer and reports it in the breakdown', async () => {
    const stats = new MultiSourceRepoStat([
      source('http://a', async () => stat(GB, 10n * GB)),
      dead('http://b'),
      source('http://c', async () => stat(GB, UNLIMITED))
    ])
    const { total, peers } = await stats.breakdown()
    expect(total.RepoSize).toBe(2n * GB)
    expect(total.StorageMax).toBe(2n * GB + 9n * GB + 10n * GB)
    expect(total.RepoPath).toBe('composite:3 peers')
    expect(peers).toEqual([
      { source: 'http://a', stat: stat(GB, 10n * GB) },
      { source: 'http://b', error: 'connect ECONNREFUSED' },
      { source: 'http://c', stat: stat(GB, UNLIMITED), unlimited: true }
    ])
  })

  it('throws UpstreamUnavailableError naming every peer when all are dead', async () => {
    const stats = new MultiSourceRepoStat([dead('http://a'), dead('http://b')])
    const err = await stats.repoStat().catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'UpstreamUnavailableError', code: 'ERR_UPSTREAM_UNAVAILABLE' })
    expect((err as Error).message).toMatch(/http:\/\/a: connect ECONNREFUSED.*http:\/\/b: connect ECONNREFUSED/)
    expect((err as { errors: Error[] }).errors).toHaveLength(2)
  })

  it('reuses an aggregate for the TTL, per size-only, and asks again after', async () => {
    const a = source('http://a', async () => stat(GB, 10n * GB))
    const stats = new MultiSourceRepoStat([a], { ttl: 10_000 })
    await stats.repoStat({ sizeOnly: true })
    await stats.repoStat({ sizeOnly: true })
    expect(a.calls).toBe(1)
    await stats.repoStat()
    expect(a.calls).toBe(2)
    vi.advanceTimersByTime(9_999)
    await stats.repoStat({ sizeOnly: true })
    expect(a.calls).toBe(2)
    vi.advanceTimersByTime(2) // past the TTL
    await stats.repoStat({ sizeOnly: true })
    expect(a.calls).toBe(3)
  })

  it('runs one round for concurrent callers', async () => {
    let release: () => void = () => {}
    const a = source('http://a', async () => new Promise(resolve => { release = () => { resolve(stat(1n, 2n)) } }))
    const stats = new MultiSourceRepoStat([a])
    const pending = Promise.all([stats.repoStat(), stats.repoStat(), stats.repoStat()])
    await vi.advanceTimersByTimeAsync(0)
    release()
    expect((await pending).map(s => s.RepoSize)).toEqual([1n, 1n, 1n])
    expect(a.calls).toBe(1)
  })

  it('does not keep a failure: the next call asks again', async () => {
    let up = false
    const a = source('http://a', async () => { if (!up) throw new Error('down'); return stat(1n, 2n) })
    const stats = new MultiSourceRepoStat([a])
    await expect(stats.repoStat()).rejects.toThrow(/down/)
    up = true
    expect((await stats.repoStat()).StorageMax).toBe(2n)
  })

  it('lets one caller give up without cancelling the round for the others', async () => {
    let release: () => void = () => {}
    const a = source('http://a', async () => new Promise(resolve => { release = () => { resolve(stat(1n, 2n)) } }))
    const stats = new MultiSourceRepoStat([a])
    const controller = new AbortController()
    const leaving = stats.repoStat({ signal: controller.signal })
    const staying = stats.repoStat()
    controller.abort()
    await expect(leaving).rejects.toMatchObject({ name: 'AbortedError' })
    release()
    expect((await staying).RepoSize).toBe(1n)
  })

  it('refuses calls once stopped', async () => {
    const stats = new MultiSourceRepoStat([source('http://a', async () => stat(1n, 2n))])
    await stats.stop()
    await expect(stats.repoStat()).rejects.toThrow(/stopped/)
  })
})
