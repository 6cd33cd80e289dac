import { describe, expect, it } from 'vitest'
import { MAX_REPORTED, UNLIMITED } from '../../src/index.ts'
import { aggregate } from '../../src/aggregate.ts'
import { GB, stat } from '../fixtures/stats.ts'
import type { AggregateOptions } from '../../src/aggregate.ts'

const options: AggregateOptions = { sizeOnly: false, unlimitedCapacity: 10n * GB, minFreeSpace: 0n, repoPath: 'composite:3 peers' }

describe('aggregate', () => {
  it('sums RepoSize, StorageMax and NumObjects of finite peers', () => {
    const total = aggregate([stat(1n * GB, 10n * GB, 5n), stat(2n * GB, 10n * GB, 7n, 'fs-repo@17')], options)
    expect(total).toEqual({ RepoSize: 3n * GB, StorageMax: 20n * GB, NumObjects: 12n, RepoPath: 'composite:3 peers', Version: 'fs-repo@17' })
  })

  it('counts an unlimited peer as unlimitedCapacity of free space, never as 2^64-1', () => {
    const total = aggregate([stat(3n * GB, UNLIMITED), stat(1n * GB, 10n * GB)], options)
    expect(total.RepoSize).toBe(4n * GB)
    expect(total.StorageMax).toBe(4n * GB + 10n * GB + 9n * GB)
    // an unlimited peer holding more than unlimitedCapacity still has room: it has no limit
    expect(aggregate([stat(50n * GB, UNLIMITED)], options).StorageMax).toBe(60n * GB)
  })

  it('never lets the int64 weight go negative: StorageMax stays at most 2^63-1', () => {
    const huge = aggregate([stat(1n, UNLIMITED)], { ...options, unlimitedCapacity: UNLIMITED })
    expect(huge.StorageMax).toBe(MAX_REPORTED)
    const many = aggregate(Array.from({ length: 4 }, () => stat(0n, 2n ** 62n)), options)
    expect(many.StorageMax).toBe(MAX_REPORTED)
    expect(BigInt.asIntN(64, many.StorageMax - many.RepoSize)).toBeGreaterThan(0n)
  })

  it('does not let a peer over its limit eat the others\' free space', () => {
    const total = aggregate([stat(15n * GB, 10n * GB), stat(2n * GB, 10n * GB)], options)
    expect(total.StorageMax - total.RepoSize).toBe(8n * GB)
  })

  it('reports no free space when every peer is full, so the overcluster allocates nothing here', () => {
    const total = aggregate([stat(10n * GB, 10n * GB), stat(12n * GB, 10n * GB)], options)
    expect(total.StorageMax).toBe(total.RepoSize)
  })

  it('keeps a full undercluster allocatable with minFreeSpace', () => {
    const total = aggregate([stat(10n * GB, 10n * GB)], { ...options, minFreeSpace: GB })
    expect(total.StorageMax - total.RepoSize).toBe(GB)
  })

  it('answers size-only like Kubo: NumObjects 0, RepoPath and Version empty', () => {
    const total = aggregate([stat(1n, 10n, 99n)], { ...options, sizeOnly: true })
    expect(total).toEqual({ RepoSize: 1n, StorageMax: 10n, NumObjects: 0n, RepoPath: '', Version: '' })
  })

  it('takes the lowest fs-repo version, numerically', () => {
    const total = aggregate([stat(0n, 1n, 0n, 'fs-repo@18'), stat(0n, 1n, 0n, 'fs-repo@9'), stat(0n, 1n, 0n, 'weird')], options)
    expect(total.Version).toBe('fs-repo@9')
  })

  it('stays exact beyond 2^53', () => {
    const a = 2n ** 53n + 1n
    const total = aggregate([stat(a, UNLIMITED, a), stat(a, UNLIMITED, a)], { ...options, unlimitedCapacity: 3n })
    expect(total).toMatchObject({ RepoSize: 2n * a, StorageMax: 2n * a + 6n, NumObjects: 2n * a })
  })
})
