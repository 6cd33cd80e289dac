import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { printLogsOnFailure, startUndercluster, testCertificates } from '../../src/index.ts'
import type { TestCertificates, Undercluster } from '../../src/index.ts'

describe('startUndercluster with an HTTPS REST API', () => {
  let certs: TestCertificates | undefined
  let uc: Undercluster | undefined

  beforeAll(async () => {
    certs = await testCertificates()
    uc = await startUndercluster({ peers: 2, restTls: { certFile: certs.certFile, keyFile: certs.keyFile, caFile: certs.caFile } })
  })
  beforeEach(printLogsOnFailure(() => [...(uc?.peers ?? []), ...(uc?.kubos ?? [])]))
  afterAll(async () => {
    await uc?.stop()
    await certs?.remove()
  })

  it('serves the REST API over TLS with the given certificate, and the testbed trusts its CA', async () => {
    const [a, b] = uc!.peers
    expect(uc!.restUrls).toEqual([expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/), expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/)])
    expect((await a.rest<{ id: string }>('/id')).id).toBe(a.id)
    // the peer set comes from monitor pings, which a loaded machine can delay for a moment
    const peers = await uc!.waitFor(async () => {
      const seen = await b.restLines<{ id: string }>('/peers')
      return seen.length === 2 ? seen : undefined
    }, { timeoutMs: 30_000 })
    expect(peers.map((peer) => peer.id).sort()).toEqual([a.id, b.id].sort())
  })

  it('refuses plain HTTP, and clients that do not trust the CA', async () => {
    const plain = uc!.restUrls[0].replace('https:', 'http:')
    const res = await fetch(`${plain}/id`).then(async (r) => [r.status, await r.text()], (err: Error) => err)
    // Go's TLS listener answers a plain request with 400 "Client sent an HTTP request to an HTTPS server"
    expect(res instanceof Error ? res.message : res[0]).toBe(400)
    await expect(fetch(`${uc!.restUrls[0]}/id`)).rejects.toThrow(/fetch failed/)
  })

  it('runs ipfs-cluster-ctl over https, trusting the CA through SSL_CERT_FILE', async () => {
    const ls = await uc!.ctl(['peers', 'ls'])
    expect(ls.code, ls.stderr).toBe(0)
    expect(ls.json<{ id: string }>().map((peer) => peer.id).sort()).toEqual(uc!.peers.map((peer) => peer.id).sort())
  })
})
