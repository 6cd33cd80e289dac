import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { binaries } from '../../src/index.ts'
import { runCommand } from '../../src/run-command.ts'
import { testServiceConfig } from '../../src/service-config.ts'

function leafPaths (value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix]
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix === '' ? key : `${prefix}.${key}`))
}

describe('the test service.json', () => {
  let dir: string
  let generated: Record<string, any>

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'testbed-service-'))
    const { clusterService } = await binaries()
    const init = await runCommand(clusterService, ['--config', dir, 'init', '--consensus', 'crdt', '--force'])
    expect(init.code).toBe(0)
    generated = JSON.parse(await readFile(join(dir, 'service.json'), 'utf8'))
  })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('only sets keys that ipfs-cluster-service v1.1.6 generates itself', () => {
    const config = testServiceConfig(generated, {
      secret: 'ab'.repeat(32),
      peername: 'p',
      ipfsMultiaddr: '/ip4/127.0.0.1/tcp/5001',
      peerAddresses: [],
      connectSwarmsDelay: '0s',
      proxy: true,
      restBasicAuth: { user: 'pass' }
    })
    const known = new Set(leafPaths(generated))
    // basic_auth_credentials is generated as null (a leaf); with credentials it becomes an object
    const added = leafPaths(config).filter((path) => !known.has(path) && !path.startsWith('api.restapi.basic_auth_credentials.'))
    expect(added).toEqual([])
    expect(config.api.pinsvcapi).toBeUndefined()
    expect(config.api.ipfsproxy.listen_multiaddress).toBe('/ip4/127.0.0.1/tcp/0')
    expect(config.cluster.mdns_interval).toBe('0s')
    expect(config.consensus.crdt.trusted_peers).toEqual(['*'])
  })

  it('drops the proxy unless asked', () => {
    const config = testServiceConfig(generated, { secret: 'ab'.repeat(32), peername: 'p', ipfsMultiaddr: '/ip4/127.0.0.1/tcp/5001', peerAddresses: [], connectSwarmsDelay: '0s' })
    expect(config.api.ipfsproxy).toBeUndefined()
    expect(Object.keys(config.api)).toEqual(['restapi'])
  })
})
