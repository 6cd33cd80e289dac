import { startUndercluster } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clusterConnector } from '../../src/index.ts'
import { collect, kuboAdd, unique } from './helpers.ts'
import type { Backend } from '@composite-ipfs/interface'
import type { Undercluster } from '@composite-ipfs/testbed'

describe('REST API credentials', () => {
  let uc: Undercluster
  const backends: Backend[] = []
  const connect = (init: Omit<Parameters<typeof clusterConnector>[0], 'rest'> & { rest?: Parameters<typeof clusterConnector>[0]['rest'] }): Backend => {
    const backend = clusterConnector({ rest: uc.restUrls, pinWait: { pollInterval: 200 }, ...init })
    backends.push(backend)
    return backend
  }

  beforeAll(async () => {
    uc = await startUndercluster({ peers: 1, restBasicAuth: { admin: 's3cret' } })
  })

  afterAll(async () => {
    await Promise.all(backends.map(async b => { await b.stop?.() }))
    await uc?.stop()
  })

  it('refuses a connector without credentials, naming the undercluster', async () => {
    await expect(collect(connect({}).pinLs!([], {}))).rejects.toMatchObject({
      code: 'ERR_CLUSTER_API', upstreamStatus: 401, message: `undercluster ${uc.restUrls[0]}: unauthorized: no auth provided`
    })
  })

  it('sends basicAuth, or a JWT from POST /token, to every endpoint', async () => {
    const [line] = await kuboAdd(uc.kubos[0]!, { 'auth.txt': unique('auth') })
    const basic = connect({ nodeId: 'auth-node', basicAuth: { username: 'admin', password: 's3cret' } })
    // nothing pinned yet: the REST streams answer 204, pin/ls is an empty list
    expect(await collect(basic.pinLs!([], {}))).toEqual([])
    expect(await collect(basic.pinAdd!([line!.Hash]))).toEqual([{ Pins: [line!.Hash] }])

    const res = await fetch(`${uc.restUrls[0]}/token`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('admin:s3cret').toString('base64')}` } })
    const { token } = await res.json() as { token: string }
    // the same node, now with a token: it answers for its own pin
    expect(await collect(connect({ nodeId: 'auth-node', token }).pinLs!([line!.Hash]))).toEqual([{ Cid: line!.Hash, Type: 'recursive' }])
  })

  it('an endpoint\'s own authorization wins over the shared one', async () => {
    const backend = connect({ rest: [{ url: uc.restUrls[0]!, authorization: 'Bearer not-a-token' }], basicAuth: { username: 'admin', password: 's3cret' } })
    await expect(backend.id!(undefined)).rejects.toThrow(/unauthorized: invalid token/)
  })
})
