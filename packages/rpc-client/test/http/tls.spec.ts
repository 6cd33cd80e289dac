import { UpstreamUnavailableError } from '@composite-ipfs/interface'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caught } from '../fixtures/caught.ts'
import { rpcClient } from '../../src/index.ts'
import { sendJson, startServer } from '../fixtures/http-server.ts'
import { makePki } from '../fixtures/tls.ts'
import type { EndpointTls } from '../../src/index.ts'
import type { Pki } from '../fixtures/tls.ts'
import type { TestServer } from '../fixtures/http-server.ts'
import type { TLSSocket } from 'node:tls'

let pki: Pki
let https: TestServer
let mtls: TestServer

beforeAll(async () => {
  pki = makePki()
  const answer = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
    const peer = (req.socket as TLSSocket).getPeerCertificate()
    sendJson(res, 200, { client: peer?.subject?.CN ?? null })
  }
  https = await startServer(answer, { cert: pki.serverCert, key: pki.serverKey })
  mtls = await startServer(answer, { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, requestCert: true, rejectUnauthorized: true })
})
afterAll(async () => {
  await https?.close()
  await mtls?.close()
  pki?.cleanup()
})

async function call (url: string, tls: EndpointTls): Promise<unknown> {
  const client = rpcClient({ endpoints: [{ url, tls }], retries: 0 })
  try {
    return await client.kuboJson('id')
  } finally {
    await client.close()
  }
}

describe('https endpoints', () => {
  it('trusts a private CA given for the endpoint', async () => {
    expect(await call(https.url, { ca: pki.ca })).toEqual({ client: null })
  })

  it('refuses a server certificate signed by another CA', async () => {
    const err = await caught(call(https.url, { ca: pki.otherCa }))
    expect(err).toBeInstanceOf(UpstreamUnavailableError)
    expect(err.errors[0].message).toMatch(/certificate/i)
  })

  it('refuses the private CA by default (system store only)', async () => {
    await expect(call(https.url, {})).rejects.toThrow(UpstreamUnavailableError)
  })

  it('presents a client certificate for mutual TLS', async () => {
    expect(await call(mtls.url, { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey })).toEqual({ client: 'client' })
  })

  it('fails against an mTLS server without a client certificate', async () => {
    await expect(call(mtls.url, { ca: pki.ca })).rejects.toThrow(UpstreamUnavailableError)
  })
})
