import { commands } from '@composite-ipfs/interface'
import { describe, expect, it } from 'vitest'
import { apiAuth, isReadOnlyCommand, READ_ONLY_COMMANDS, READ_ONLY_PASSTHROUGH } from '../../src/index.ts'
import { run, testContext } from '../fixtures/context.ts'

describe('the read-only list', () => {
  it('holds every typed command the interface marks non-mutating, and none it marks mutating', () => {
    for (const spec of Object.values(commands)) {
      expect(isReadOnlyCommand(spec.path), spec.path).toBe(!spec.mutating)
    }
  })

  it('allows the path-argument form of a read (go-ipfs-cmds takes the last segment as an argument)', () => {
    expect(isReadOnlyCommand('pin/ls/bafkqaaa')).toBe(true)
    expect(isReadOnlyCommand('cat/bafkqaaa')).toBe(true)
    expect(isReadOnlyCommand('pin/add/bafkqaaa')).toBe(false)
    expect(isReadOnlyCommand('pin/ls/add/x')).toBe(false)
  })

  it('refuses writes, admin commands and anything unknown', () => {
    for (const command of ['shutdown', 'config', 'config/replace', 'config/profile/apply', 'key/gen', 'key/rm', 'name/publish', 'files/write',
      'files/rm', 'swarm/filters/add', 'swarm/disconnect', 'routing/put', 'routing/provide', 'pubsub/pub', 'pubsub/sub', 'log/level',
      'diag/sys', 'repo/gc', 'bootstrap/add', 'dag/import', 'p2p/forward', 'no/such/command', '', 'pin']) {
      expect(isReadOnlyCommand(command), command).toBe(false)
    }
  })

  it('lists only passthrough commands that Kubo v0.42 has', () => {
    // from `ipfs commands` of Kubo v0.42.0
    const kubo = new Set(['ls', 'dag/stat', 'dag/resolve', 'files/ls', 'files/stat', 'files/read', 'key/list', 'key/ls', 'name/get',
      'routing/findprovs', 'routing/findpeer', 'routing/get', 'dht/findprovs', 'dht/findpeer', 'bitswap/stat', 'bitswap/wantlist',
      'bitswap/ledger', 'stats/bw', 'stats/repo', 'stats/bitswap', 'stats/dht', 'stats/provide', 'provide/stat', 'swarm/addrs',
      'swarm/addrs/local', 'swarm/addrs/listen', 'swarm/peering/ls', 'pubsub/ls', 'pubsub/peers', 'repo/version', 'cid/format',
      'cid/base32', 'cid/bases', 'cid/codecs', 'cid/hashes', 'cid/inspect'])
    expect(READ_ONLY_PASSTHROUGH.filter(c => !kubo.has(c))).toEqual([])
    expect(READ_ONLY_COMMANDS.has('version/deps')).toBe(true)
  })

  it('a read-only secret still needs its AllowedPaths', async () => {
    const auth = apiAuth({ authorizations: { r: { AuthSecret: 'bearer:r', AllowedPaths: ['/api/v0/pin'], scope: 'read-only' } } })
    const as = (path: string): ReturnType<typeof testContext> => testContext({ path, headers: { authorization: 'Bearer r' } })
    expect(await run(auth, as('/api/v0/pin/ls'))).toEqual({ next: true })
    expect((await run(auth, as('/api/v0/pin/add?arg=x'))).error?.status).toBe(403)
    expect((await run(auth, as('/api/v0/pin/add/x'))).error?.status).toBe(403)
    expect((await run(auth, as('/api/v0/id'))).error?.status).toBe(403)
  })
})
