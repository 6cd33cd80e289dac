import { setTimeout as sleep } from 'node:timers/promises'
import { compositeNode, startKubo } from '@composite-ipfs/testbed'
import { Agent, request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headerPolicy } from '../../src/index.ts'
import { T0401, send } from '../fixtures/matrix.ts'
import type { CompositeNode, KuboDaemon } from '@composite-ipfs/testbed'
import type { Dispatcher } from 'undici'

const HTTP_HEADERS = {
  'Access-Control-Allow-Origin': ['https://valid.example.com'],
  'Access-Control-Allow-Methods': ['POST'],
  'X-Custom-Header': ['set-in-kubo-config']
}

describe('upstream policy against a real Kubo with API.HTTPHeaders', () => {
  let kubo: KuboDaemon | undefined
  let node: CompositeNode | undefined
  const agent = new Agent()
  /** `version` calls made to extract headers (the origin checks carry Origin or Referer) */
  const extractions: number[] = []

  const counting: Dispatcher.DispatcherComposeInterceptor = dispatch => (opts, handler) => {
    const headers = opts.headers as Record<string, string>
    if (opts.path === '/api/v0/version' && headers.origin === undefined && headers.referer === undefined) extractions.push(Date.now())
    return dispatch(opts, handler)
  }

  beforeAll(async () => {
    kubo = await startKubo({ config: { API: { HTTPHeaders: HTTP_HEADERS } } })
    // a real composite node; its backend is a stub, only the header policy talks to the Kubo
    node = await compositeNode({
      backend: { name: 'static', version: async () => ({ Version: '0.42.0' }) },
      middleware: [headerPolicy({
        upstream: { url: kubo.apiUrl, dispatcher: agent.compose(counting) },
        extractHeadersExtra: ['X-Custom-Header'],
        extractHeadersTtl: 1500
      })]
    })
  })

  afterAll(async () => {
    await Promise.all([kubo?.stop(), node?.stop()])
    await agent.close()
  })

  it('forwards preflights: the verdict is Kubo\'s', async () => {
    const valid = { name: 'preflight', method: 'OPTIONS' as const, headers: { origin: 'https://valid.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } }
    const [fromKubo, fromNode] = await Promise.all([send(kubo!.apiUrl, valid), send(node!.url, valid)])
    expect(fromNode).toEqual(fromKubo)
    expect(fromNode.headers['access-control-allow-origin']).toBe('https://valid.example.com')

    const invalid = { ...valid, headers: { ...valid.headers, origin: 'https://invalid.example.com' } }
    expect((await send(node!.url, invalid)).headers['access-control-allow-origin']).toBeUndefined()
  })

  it('gives every t0401 request Kubo\'s verdict when Kubo\'s port is the one in the origin', async () => {
    const kuboPort = new URL(kubo!.apiUrl).port
    for (const c of T0401) {
      // <port> is the Kubo's port for both targets: the verdict must follow Kubo's list, not ours
      const [fromKubo, fromNode] = await Promise.all([send(kubo!.apiUrl, c, kuboPort), send(node!.url, c, kuboPort)])
      expect({ case: c.name, ...fromNode }).toEqual({ case: c.name, ...fromKubo })
    }
  })

  it('refuses the composite node\'s own localhost origin, as the Kubo would', async () => {
    const res = await request(`${node!.url}/api/v0/version`, { method: 'POST', headers: { origin: node!.url } })
    expect(res.statusCode).toBe(403)
    await res.body.dump()
  })

  it('copies Server and the extra headers from Kubo\'s version answer, and refreshes them after the TTL', async () => {
    await sleep(1600) // let anything cached by the tests above expire
    const before = extractions.length
    const first = await request(`${node!.url}/api/v0/version`, { method: 'POST', headers: { origin: 'https://valid.example.com' } })
    await first.body.dump()
    expect(first.statusCode).toBe(200)
    expect(first.headers).toMatchObject({
      server: 'kubo/0.42.0',
      'x-custom-header': 'set-in-kubo-config',
      'access-control-allow-origin': 'https://valid.example.com',
      vary: 'Origin'
    })
    const second = await request(`${node!.url}/api/v0/version`, { method: 'POST' })
    await second.body.dump()
    expect(second.headers['x-custom-header']).toBe('set-in-kubo-config')
    expect(extractions.length - before).toBe(1)

    await sleep(1600)
    const third = await request(`${node!.url}/api/v0/version`, { method: 'POST' })
    await third.body.dump()
    expect(third.headers['x-custom-header']).toBe('set-in-kubo-config')
    expect(extractions.length - before).toBe(2)
  })
})
