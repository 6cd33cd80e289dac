/**
 * The forwarding policy: daemon-admin commands are refused before they reach the backend's
 * passthrough (403, Kubo's Forbidden code, the setting that allows them named), unless the host
 * lists them in `forwardAdmin`; `shutdown` is never forwarded, and stops the node when the host
 * gives `onShutdown`.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ADMIN_COMMANDS, ipfsApiServer } from '../../src/index.ts'
import { headerLines, PREAMBLE } from '../fixtures/wire.ts'
import type { IpfsApiServer, IpfsApiServerInit } from '../../src/index.ts'
import type { Backend, RawRequest } from '@composite-ipfs/interface'

describe('daemon-admin commands', () => {
  let server: IpfsApiServer
  afterEach(async () => { await server.close() })

  function start (init: Partial<IpfsApiServerInit> = {}): RawRequest[] {
    const seen: RawRequest[] = []
    const backend: Backend = {
      name: 'forwarding',
      async passthrough (request) {
        seen.push(request)
        return { status: 200, headers: { 'content-type': 'application/json' }, body: (async function * () { yield Buffer.from('{"forwarded":true}\n') })() }
      }
    }
    server = ipfsApiServer({ backend, ...init })
    return seen
  }

  // each admin command, one of its subcommands, and the `config <key>` form Kubo's CLI sends
  const REFUSED = [...ADMIN_COMMANDS.filter((admin) => admin.path !== 'shutdown').flatMap((admin) => [admin.path, `${admin.path}/sub`]), 'config/Identity.PeerID', 'log/level/', 'repo/migrate', 'repo/version']

  it('are refused by default, none reaching the backend, with Kubo\'s Forbidden error naming the flag', async () => {
    const seen = start()
    for (const command of REFUSED) {
      const res = await server.inject({ path: `/api/v0/${command}?arg=x` })
      expect(res.status, command).toBe(403)
      const group = ADMIN_COMMANDS.find((admin) => command === admin.path || command.startsWith(`${admin.path}/`))!.path
      expect(JSON.parse(res.body.toString()), command).toEqual({
        Message: expect.stringMatching(new RegExp(`^"${command.replace(/\/$/, '')}" is refused: it .* Forward it anyway with --forward-admin ${group} \\(server option forwardAdmin\\)$`)),
        Code: 4,
        Type: 'error'
      })
    }
    expect(seen).toEqual([])
  })

  it('but not their exceptions, nor commands that merely start alike', async () => {
    const seen = start()
    for (const command of ['diag/healthy', 'repo/verify', 'keystore', 'logs', 'configure', 'files/ls', 'swarm/addrs']) {
      const res = await server.inject({ path: `/api/v0/${command}` })
      expect(res.status, command).toBe(200)
    }
    expect(seen.map((request) => request.command)).toEqual(['diag/healthy', 'repo/verify', 'keystore', 'logs', 'configure', 'files/ls', 'swarm/addrs'])
  })

  it('are forwarded when the host lists them, and all but shutdown with forwardAdmin: true', async () => {
    let seen = start({ forwardAdmin: ['config', 'log'] })
    expect((await server.inject({ path: '/api/v0/config?arg=Datastore.StorageMax' })).status).toBe(200)
    expect((await server.inject({ path: '/api/v0/log/level?arg=all&arg=debug' })).status).toBe(200)
    expect((await server.inject({ path: '/api/v0/key/gen?arg=k' })).status).toBe(403)
    expect(seen.map((request) => request.command)).toEqual(['config', 'log/level'])
    await server.close()

    seen = start({ forwardAdmin: true })
    for (const admin of ADMIN_COMMANDS) await server.inject({ path: `/api/v0/${admin.path}` })
    expect(seen.map((request) => request.command)).toEqual(ADMIN_COMMANDS.map((admin) => admin.path).filter((path) => path !== 'shutdown'))
  })

  it('shutdown is refused without onShutdown, even with forwardAdmin: true', async () => {
    const seen = start({ forwardAdmin: true })
    const res = await server.inject({ path: '/api/v0/shutdown' })
    expect(res.status).toBe(403)
    expect(JSON.parse(res.body.toString())).toMatchObject({ Code: 4, Message: expect.stringContaining('would stop a daemon behind this composite node') })
    expect(seen).toEqual([])
  })

  it('shutdown answers as Kubo does (an empty chunked 200), then calls onShutdown', async () => {
    let calls = 0
    let answeredFirst = false
    const seen = start({ onShutdown: () => { calls++ } })
    const res = await server.inject({ path: '/api/v0/shutdown' })
    answeredFirst = calls === 1
    expect(res.status).toBe(200)
    expect(res.body.length).toBe(0)
    expect(headerLines(res)).toEqual([
      ...PREAMBLE,
      'Content-Type: application/json',
      'Server: kubo/0.42.0',
      'Trailer: X-Stream-Error',
      'Vary: Origin',
      'X-Chunked-Output: 1',
      'Transfer-Encoding: chunked'
    ])
    expect(answeredFirst).toBe(true)
    expect(seen).toEqual([])
  })
})
