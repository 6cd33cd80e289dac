import { createServer } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { clusterConnector } from '../../src/index.ts'
import type { Backend, PinAddEvent, PinLsEntry } from '@composite-ipfs/interface'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A fake REST endpoint, only for what a real cluster cannot do on cue: stall mid-stream,
 * or never answer a status query. Everything else is tested against real daemons.
 */
type Route = (req: IncomingMessage, res: ServerResponse) => void

const CID = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
const PIN = { cid: CID, replication_factor_min: -1, replication_factor_max: -1, allocations: [], max_depth: -1, mode: 'recursive' }

describe('an undercluster REST endpoint that stalls', () => {
  let server: Server | undefined
  let backend: Backend | undefined

  async function fake (routes: Record<string, Route>): Promise<string> {
    server = createServer((req, res) => {
      const route = routes[`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`]
      if (route === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":404,"message":"not found"}')
        return
      }
      route(req, res)
    })
    await new Promise<void>(resolve => server?.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  afterEach(async () => {
    await backend?.stop?.()
    server?.closeAllConnections()
    await new Promise(resolve => server?.close(resolve))
  })

  it('a slow identity lookup shared by two callers survives the first caller aborting', async () => {
    let lookups = 0
    const url = await fake({
      'GET /id': (_req, res) => {
        lookups++
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: '12D3KooWCluster', ipfs: { id: '12D3KooWKubo', addresses: ['/ip4/127.0.0.1/tcp/4001'] } }))
        }, 300)
      }
    })
    backend = clusterConnector({ rest: [url] })
    const impatient = new AbortController()
    const first = backend.id!(undefined, { signal: impatient.signal })
    const second = backend.id!(undefined, {})
    setTimeout(() => { impatient.abort() }, 50)
    await expect(first).rejects.toMatchObject({ name: 'AbortedError' })
    const answer = await second
    expect(answer.ID).toBe('12D3KooWKubo')
    expect(answer.Addresses).toContain('/ip4/127.0.0.1/tcp/4001')
    expect(lookups).toBe(1)
  })

  it('pin/ls yields what arrived, then fails when the pinned list stalls mid-stream', async () => {
    const url = await fake({
      'GET /allocations': (_req, res) => { res.writeHead(204).end() },
      'GET /pins': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', trailer: 'X-Stream-Error' })
        res.write(`${JSON.stringify({ cid: CID, peer_map: { A: { status: 'pinned' } } })}\n`)
        // ...and nothing more, ever
      }
    })
    backend = clusterConnector({ rest: [url], timeouts: { body: 500 } })
    const seen: PinLsEntry[] = []
    const started = Date.now()
    const err = await (async () => { for await (const e of backend!.pinLs!([], {})) seen.push(e) })().then(() => undefined, (e: unknown) => e as Error & { abortStream: boolean })
    expect(seen).toEqual([{ Cid: CID, Type: 'recursive' }])
    expect(err?.message).toMatch(/stalled/)
    expect(err?.abortStream).toBe(true)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('pin/add keeps streaming Progress while a status query hangs, then fails at the deadline', async () => {
    const url = await fake({
      [`POST /pins/${CID}`]: (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(PIN)) },
      [`GET /pins/${CID}`]: () => { /* never answers */ },
      'GET /peers': (_req, res) => { res.writeHead(204).end() }
    })
    backend = clusterConnector({ rest: [url], pinWait: { timeout: 2_000, progressInterval: 300 } })
    const ticks: number[] = []
    const started = Date.now()
    const err = await (async () => {
      for await (const e of backend!.pinAdd!([CID], { progress: true }) as AsyncIterable<PinAddEvent>) ticks.push(Date.now() - started)
    })().then(() => undefined, (e: unknown) => e as Error & { code: string })
    expect(err).toMatchObject({ code: 'ERR_PIN_FAILED' })
    expect(err?.message).toMatch(new RegExp(`^undercluster ${url}: pin ${CID} not done after 2000 ms`))
    expect(ticks.length).toBeGreaterThanOrEqual(5)
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBeLessThan(600)
    expect(Date.now() - started).toBeLessThan(3_000)
  })
})
