import { access } from 'node:fs/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { startKubo } from '../../src/index.ts'
import type { KuboDaemon } from '../../src/index.ts'

function isAlive (pid: number): boolean {
  try { process.kill(pid, 0); return true } catch { return false }
}

describe('startKubo', () => {
  const started: KuboDaemon[] = []
  afterAll(async () => { await Promise.all(started.map(async (kubo) => { await kubo.stop() })) })

  it('starts a loopback daemon, answers RPC, and stop() kills it and removes the repo', async () => {
    const t0 = Date.now()
    const kubo = await startKubo()
    started.push(kubo)
    console.info(`kubo started in ${Date.now() - t0} ms`)
    expect(kubo.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(kubo.apiMultiaddr).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+$/)
    expect(kubo.swarmAddresses.every((addr) => addr.startsWith('/ip4/127.0.0.1/') && addr.endsWith(`/p2p/${kubo.peerId}`))).toBe(true)
    const id = await kubo.rpc<{ ID: string, AgentVersion: string }>('id')
    expect(id.ID).toBe(kubo.peerId)
    expect(id.AgentVersion).toBe('kubo/0.42.0')
    const stat = await kubo.rpc<{ StorageMax: number }>('repo/stat')
    expect(stat.StorageMax).toBe(10_000_000_000)
    const gateway = await fetch(`${kubo.gatewayUrl}/ipfs/bafkqaaa`)
    expect(gateway.status).toBe(200)
    expect(kubo.logs()).toContain('Daemon is ready')

    await kubo.stop()
    expect(isAlive(kubo.pid)).toBe(false)
    await expect(access(kubo.repoPath)).rejects.toThrow(/ENOENT/)
    await kubo.stop() // idempotent
  })

  it('applies storageMax and extra config', async () => {
    const kubo = await startKubo({ storageMax: '1GB', config: { API: { HTTPHeaders: { 'X-Test': ['yes'] } } } })
    started.push(kubo)
    expect((await kubo.rpc<{ StorageMax: number }>('repo/stat')).StorageMax).toBe(1_000_000_000)
    const res = await fetch(`${kubo.apiUrl}/api/v0/version`, { method: 'POST' })
    expect(res.headers.get('x-test')).toBe('yes')
    const cli = await kubo.cli(['version'])
    expect(cli.stdout).toContain('0.42.0')
  })

  it('an empty storageMax removes the limit (repo/stat reports 2^64-1)', async () => {
    const kubo = await startKubo({ storageMax: '' })
    started.push(kubo)
    const res = await fetch(`${kubo.apiUrl}/api/v0/repo/stat`, { method: 'POST' })
    expect(await res.text()).toContain('"StorageMax":18446744073709551615')
  })
})
