import { compositeNode, startKubo } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headerPolicy } from '../../src/index.ts'
import { startHarness } from '../fixtures/harness.ts'
import { T0401, send } from '../fixtures/matrix.ts'
import type { Harness } from '../fixtures/harness.ts'
import type { HeaderPolicyInit } from '../../src/index.ts'
import type { CompositeNode, KuboDaemon } from '@composite-ipfs/testbed'

/**
 * The local policy against a real Kubo v0.42.0: the same requests (t0401 plus the rs/cors and
 * Referer corner cases) to both, each with its own API port, must get the same status and the
 * same CORS headers; once in the test harness, once in a real composite node (`ipfsApiServer`).
 */
describe.each<[string, Record<string, string[]>]>([
  ['default config', {}],
  ['API.HTTPHeaders with a custom origin (t0401)', {
    'Access-Control-Allow-Origin': ['https://valid.example.com'],
    'Access-Control-Allow-Methods': ['POST', 'PUT'],
    'Access-Control-Allow-Credentials': ['true']
  }]
])('local policy matches Kubo: %s', (_, httpHeaders) => {
  let kubo: KuboDaemon | undefined
  let node: Harness | undefined
  let composite: CompositeNode | undefined

  beforeAll(async () => {
    const init: HeaderPolicyInit = { httpHeaders }
    ;[kubo, node, composite] = await Promise.all([
      startKubo({ config: { API: { HTTPHeaders: httpHeaders } } }),
      startHarness(headerPolicy(init)),
      compositeNode({ backend: { name: 'static', version: async () => ({ Version: '0.42.0' }) }, middleware: [headerPolicy(init)] })
    ])
  })

  afterAll(async () => {
    await Promise.all([kubo?.stop(), node?.close(), composite?.stop()])
  })

  it.each(T0401.map(c => [c.name, c] as const))('%s', async (_, c) => {
    const [fromKubo, fromNode, fromComposite] = await Promise.all([send(kubo!.apiUrl, c), send(node!.url, c), send(composite!.url, c)])
    expect(fromNode).toEqual(fromKubo)
    expect(fromComposite).toEqual(fromKubo)
    if (c.t0401 !== undefined) expect(fromNode.status).toBe(c.t0401)
  })
})
