/**
 * TLS end to end: a composite node whose cluster connector talks to an undercluster's REST API
 * over https, trusting a private CA made with openssl. The right CA pins (and adds) through it;
 * a wrong CA, or plain http to the https port, is refused at once with a clear error.
 */
import { clusterConnector } from '@composite-ipfs/connector-cluster'
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { compositeNode, printLogsOnFailure, startUndercluster, testCertificates } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { rawPost } from '../../src/index.ts'
import { BOUNDARY, oneFile } from '../fixtures/uploads.ts'
import type { Endpoint } from '@composite-ipfs/connector-kubo'
import type { CompositeNode, TestCertificates, Undercluster } from '@composite-ipfs/testbed'

describe('TLS: cluster connector to an https REST API', () => {
  let certs: TestCertificates
  let otherCa: TestCertificates
  let uc: Undercluster
  const nodes: CompositeNode[] = []

  /** A composite node in front of the undercluster, reaching its REST API through `rest` */
  async function nodeFor (rest: Endpoint): Promise<CompositeNode> {
    const node = await compositeNode({
      backend: clusterConnector({ rest: [rest], ipfs: kuboConnector({ endpoints: [uc.kubos[0].apiUrl] }), pinWait: { pollInterval: 200 } }),
      middleware: [headerPolicy()]
    })
    nodes.push(node)
    return node
  }

  beforeAll(async () => {
    certs = await testCertificates()
    otherCa = await testCertificates({ caName: 'a CA nobody trusts' })
    uc = await startUndercluster({ peers: 1, restTls: { certFile: certs.certFile, keyFile: certs.keyFile, caFile: certs.caFile } })
  })
  beforeEach(printLogsOnFailure(() => [...(uc?.peers ?? []), ...(uc?.kubos ?? [])]))
  afterAll(async () => {
    await Promise.allSettled(nodes.map(async (node) => { await node.stop() }))
    await uc?.stop()
    await certs?.remove()
    await otherCa?.remove()
  })

  it('pins and adds through the REST API over https, trusting the private CA', async () => {
    expect(uc.restUrls[0]).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const node = await nodeFor({ url: uc.restUrls[0], tls: { ca: certs.ca } })
    const body = oneFile('tls.txt', Buffer.from(`added over TLS ${Date.now()}\n`))
    const added = await rawPost(node.url, '/api/v0/add?pin=false', { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body })
    expect(added.status).toBe(200)
    const cid = (JSON.parse(added.body.toString().trim().split('\n').pop() ?? '{}') as { Hash: string }).Hash

    const pinned = await rawPost(node.url, `/api/v0/pin/add?arg=${cid}`)
    expect([pinned.status, JSON.parse(pinned.body.toString())]).toEqual([200, { Pins: [cid] }])
    expect(Object.values((await uc.waitForStatus(cid, 'pinned')).peer_map).map((peer) => peer.status)).toEqual(['pinned'])
    const listed = await rawPost(node.url, `/api/v0/pin/ls?arg=${cid}`)
    expect(JSON.parse(listed.body.toString())).toEqual({ Keys: { [cid]: { Type: 'recursive', Name: '' } } })
  })

  it('refuses a server certificate from another CA at once, with a clear error and no retry storm', async () => {
    const node = await nodeFor({ url: uc.restUrls[0], tls: { ca: otherCa.ca } })
    const started = Date.now()
    const answer = await rawPost(node.url, '/api/v0/pin/add?arg=bafkqaaa')
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(answer.status).toBe(500)
    const { Message } = JSON.parse(answer.body.toString()) as { Message: string }
    expect(Message).toMatch(new RegExp(`^no upstream endpoint could serve the request: ${uc.restUrls[0]}: .*certificate`))
    // one labelled failure per attempt: the first try and the connector's default 2 retries
    expect(Message.split(`${uc.restUrls[0]}: `).length - 1).toBeLessThanOrEqual(3)
  })

  it('refuses plain http to the https port with the REST API\'s own answer', async () => {
    const node = await nodeFor({ url: uc.restUrls[0].replace('https:', 'http:') })
    const answer = await rawPost(node.url, '/api/v0/pin/ls')
    expect(answer.status).toBe(500)
    expect(JSON.parse(answer.body.toString()).Message).toMatch(/Client sent an HTTP request to an HTTPS server/)
  })
})
