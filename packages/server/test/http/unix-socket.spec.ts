/**
 * Unix sockets: created with their final mode, never wider for a moment, and a listen that
 * fails leaves nothing bound behind it (no socket file, no listening handle).
 */
import { lstatSync, watch } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ipfsApiServer } from '../../src/index.ts'
import { testBackend } from '../fixtures/backend.ts'
import type { IpfsApiServer } from '../../src/index.ts'

/** Listening pipe handles of this process (stdio pipes included, so compare counts) */
const pipes = (): number => process.getActiveResourcesInfo().filter(name => name === 'PipeWrap' || name === 'PipeServerWrap').length

async function reachable (path: string): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect(path)
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => { resolve(false) })
  })
}

describe('unix socket listeners', () => {
  let server: IpfsApiServer
  let dir: string
  let umask: number
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'composite-unix-'))
    // the widest umask: a socket created before its chmod would be 0777
    umask = process.umask(0)
  })
  afterEach(async () => {
    process.umask(umask)
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('never shows the socket with a wider mode than asked, not even while it is being created', async () => {
    const path = join(dir, 'api.sock')
    const seen: number[] = []
    const modes = new Map<string, number>()
    // every change in the directory is looked at as it is reported, synchronously
    const watcher = watch(dir, (_, name) => {
      if (name === null) return
      try {
        const stat = lstatSync(join(dir, name))
        if (name === 'api.sock') seen.push(stat.mode & 0o777)
        else modes.set(name, stat.mode & 0o777)
      } catch {}
    })
    try {
      for (let round = 0; round < 20; round++) {
        server = ipfsApiServer({ backend: testBackend() })
        await server.listen([{ address: `/unix${path}`, mode: 0o600 }])
        seen.push(lstatSync(path).mode & 0o777)
        expect(await reachable(path)).toBe(true)
        await server.close()
      }
    } finally {
      watcher.close()
    }
    expect(seen.length).toBeGreaterThanOrEqual(20)
    expect(new Set(seen)).toEqual(new Set([0o600]))
    // whatever else showed up beside it (a private staging directory) was closed to others
    for (const [name, mode] of modes) expect({ name, mode: mode & 0o077 }).toEqual({ name, mode: 0 })
    expect(await readdir(dir)).toEqual([])
  })

  it.each([-1, 0o10000, 1.5])('refuses a mode that is not a permission mode (%s) before binding anything', async (mode) => {
    const path = join(dir, 'api.sock')
    const before = pipes()
    server = ipfsApiServer({ backend: testBackend() })
    await expect(server.listen([{ address: `/unix${path}`, mode }])).rejects.toMatchObject({ code: 'ERR_INVALID_CONFIG' })
    expect(pipes()).toBe(before)
    expect(await readdir(dir)).toEqual([])
    expect(await reachable(path)).toBe(false)
    expect(server.addresses).toEqual([])
  })

  it('a listen that fails after binding (the path is taken by a file) releases what it bound', async () => {
    const path = join(dir, 'api.sock')
    await writeFile(path, 'not a socket')
    const before = pipes()
    server = ipfsApiServer({ backend: testBackend() })
    await expect(server.listen([{ address: `/unix${path}`, mode: 0o600 }])).rejects.toMatchObject({ code: 'EADDRINUSE' })
    expect(await readFile(path, 'utf8')).toBe('not a socket')
    expect(await readdir(dir)).toEqual(['api.sock'])
    expect(pipes()).toBe(before)
    expect(server.addresses).toEqual([])
  })

  it('a unix socket bound beside an address that fails is released with its file', async () => {
    const path = join(dir, 'api.sock')
    const taken = join(dir, 'taken.sock')
    await writeFile(taken, 'not a socket')
    server = ipfsApiServer({ backend: testBackend() })
    await expect(server.listen([{ address: `/unix${path}`, mode: 0o600 }, { address: `/unix${taken}`, mode: 0o600 }])).rejects.toMatchObject({ code: 'EADDRINUSE' })
    expect(await readdir(dir)).toEqual(['taken.sock'])
    expect(server.addresses).toEqual([])
  })
})
