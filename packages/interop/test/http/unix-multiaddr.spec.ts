/**
 * One multiaddr, two sides: the server listens where the rpc client dials, and the CLI's
 * loopback check agrees, for a unix socket whose path needs escaping in either spelling.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isLoopbackAddress } from '@composite-ipfs/auth'
import { rpcClient } from '@composite-ipfs/rpc-client'
import { ipfsApiServer } from '@composite-ipfs/server'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '@composite-ipfs/interface'

const backend: Backend = { name: 'fixed', async version () { return { Version: '0.42.0' } } }

describe('a unix socket multiaddr is the same file for the server and the rpc client', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'composite ipfs ')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  for (const [form, address, file] of [
    ['Go (Kubo writes it)', (d: string) => `/unix${d}/a%20b.sock`, (d: string) => `${d}/a%20b.sock`],
    ['@multiformats/multiaddr', (d: string) => multiaddr(`/unix/${encodeURIComponent(`${d}/a b.sock`)}`).toString(), (d: string) => `${d}/a b.sock`]
  ] as const) {
    it(`in ${form} form`, async () => {
      const listen = address(dir)
      const server = ipfsApiServer({ backend })
      const client = rpcClient({ endpoints: [listen] })
      try {
        await server.listen([listen])
        expect((await stat(file(dir))).isSocket()).toBe(true)
        expect(await client.kuboJson('version')).toMatchObject({ Version: '0.42.0' })
        expect(isLoopbackAddress(listen)).toBe(true)
      } finally {
        await client.close()
        await server.close()
      }
    })
  }
})
