import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { acquireLock } from '../../src/build-lock.ts'
import { binaries, defaultCacheDir } from '../../src/index.ts'

describe('build lock', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'testbed-lock-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('lets one holder in at a time', async () => {
    const path = join(dir, 'a.lock')
    const order: string[] = []
    const release = await acquireLock(path)
    expect(await readFile(path, 'utf8')).toBe(String(process.pid))
    let waited = ''
    const second = acquireLock(path, (holder) => { waited = holder }).then((r) => { order.push('second'); return r })
    await sleep(300)
    order.push('first releases')
    await release()
    const releaseSecond = await second
    expect(order).toEqual(['first releases', 'second'])
    expect(waited).toBe(String(process.pid))
    await releaseSecond()
  })

  it('takes over a lock whose owner is gone', async () => {
    const path = join(dir, 'b.lock')
    await writeFile(path, '999999999')
    const release = await acquireLock(path)
    expect(await readFile(path, 'utf8')).toBe(String(process.pid))
    await release()
  })
})

describe('binaries', () => {
  const saved = { ...process.env }
  let empty: string
  beforeAll(async () => { empty = await mkdtemp(join(tmpdir(), 'testbed-cache-')) })
  afterEach(() => { process.env = { ...saved } })
  afterAll(async () => { await rm(empty, { recursive: true, force: true }) })

  it('finds the cached binaries', async () => {
    const found = await binaries()
    expect(found.ipfs).toBe(process.env.KUBO_BIN ?? join(defaultCacheDir(), 'kubo@v0.42.0', 'ipfs'))
    expect(found.clusterService).toMatch(/ipfs-cluster-service$/)
    expect(found.clusterCtl).toMatch(/ipfs-cluster-ctl$/)
  })

  it('prefers the *_BIN environment variables, and rejects a path that is not executable', async () => {
    const found = await binaries()
    process.env.KUBO_BIN = found.ipfs
    process.env.IPFS_CLUSTER_SERVICE_BIN = found.clusterService
    process.env.IPFS_CLUSTER_CTL_BIN = found.clusterCtl
    expect(await binaries({ cacheDir: empty, build: false })).toEqual(found)
    process.env.KUBO_BIN = join(empty, 'nope')
    await expect(binaries({ cacheDir: empty })).rejects.toMatchObject({ code: 'ERR_DAEMON_BUILD', message: expect.stringContaining('KUBO_BIN') })
  })

  it('says how to get Go when a build is needed and Go is missing', async () => {
    delete process.env.KUBO_BIN
    process.env.PATH = empty
    await expect(binaries({ cacheDir: empty, progress: false })).rejects.toMatchObject({ code: 'ERR_GO_NOT_FOUND', message: expect.stringMatching(/Install Go.*KUBO_BIN/s) })
  })

  it('does not build when told not to', async () => {
    delete process.env.KUBO_BIN
    await expect(binaries({ cacheDir: empty, build: false })).rejects.toMatchObject({ code: 'ERR_DAEMON_BUILD', message: expect.stringContaining('setup.mjs') })
  })
})
