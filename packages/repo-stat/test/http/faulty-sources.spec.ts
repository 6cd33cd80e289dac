import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoStatAggregator } from '../../src/index.ts'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * Failures a real Kubo cannot produce on cue: a peer that accepts the connection and never
 * answers, and peers answering what Kubo never sends. Real daemons are in test/daemon.
 */
describe('faulty sources', () => {
  const servers: Server[] = []
  let stalled = ''
  let nonsense = ''
  let failing = ''

  async function serve (handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler)
    servers.push(server)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  beforeAll(async () => {
    stalled = await serve(() => {})
    nonsense = await serve((_req, res) => { res.end('{"RepoSize":-1,"StorageMax":"10","NumObjects":0,"RepoPath":"","Version":""}\n') })
    failing = await serve((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' })
      res.end('{"Message":"failed to get repo size: disk on fire","Code":0,"Type":"error"}\n')
    })
  })

  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  })

  it('gives up on a stalled peer after the timeout and names every failure', async () => {
    const stats = repoStatAggregator({ sources: [stalled, nonsense, failing], timeout: 300 })
    try {
      const started = Date.now()
      const err = await stats.breakdown({ sizeOnly: true }).then(() => undefined, (e: unknown) => e as Error & { errors: Error[] })
      expect(Date.now() - started).toBeLessThan(3_000)
      expect(err).toMatchObject({ name: 'UpstreamUnavailableError' })
      expect(err?.errors.map(e => e.message)).toEqual([
        `${stalled}: context deadline exceeded`,
        `${nonsense}: invalid repo/stat answer: RepoSize, StorageMax not a uint64`,
        `${failing}: failed to get repo size: disk on fire`
      ])
    } finally {
      await stats.stop()
    }
  })
})
