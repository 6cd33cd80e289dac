/**
 * Upstream answers that are not Kubo command errors (Kubo's plain-text 403, 404 and 405) reach
 * the client whole: the status and the text Kubo gives the same request directly.
 *
 * The 403 comes from a real Kubo whose `API.Authorizations` do not allow the node's secret
 * `cat`. A real Kubo answers 404 and 405 only for requests a composite node never sends it
 * (an unknown command, a GET), so those two answers are recorded from the real Kubo and
 * replayed, byte for byte, by a small upstream in front of which the node runs a typed command.
 */
import { createServer } from 'node:http'
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { compositeNode, startKubo } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompositeNode, KuboDaemon } from '@composite-ipfs/testbed'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

const STARTER = 'Bearer test-node-starter'
const LIMITED = 'Bearer limited-s3cret'

interface Answer { status: number, type: string | null, allow: string | null, body: string }

async function answer (url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', ...init })
  return { status: res.status, type: res.headers.get('content-type'), allow: res.headers.get('allow'), body: await res.text() }
}

describe('plain-text upstream errors reach the client as Kubo gives them', () => {
  let kubo: KuboDaemon
  let node: CompositeNode
  /** `hello world\n`: Kubo refuses before it looks for the content */
  const cid = 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o'

  beforeAll(async () => {
    kubo = await startKubo({
      apiAuthorization: STARTER,
      config: {
        API: {
          Authorizations: {
            starter: { AuthSecret: 'bearer:test-node-starter', AllowedPaths: ['/api/v0'] },
            limited: { AuthSecret: 'bearer:limited-s3cret', AllowedPaths: ['/api/v0/id', '/api/v0/version', '/api/v0/add'] }
          }
        }
      }
    })
    node = await compositeNode({ backend: kuboConnector({ endpoints: [{ url: kubo.apiUrl, authorization: LIMITED }] }) })
  })
  afterAll(async () => {
    await node?.stop()
    await kubo?.stop()
  })

  it('403: a command the node\'s secret may not run', async () => {
    const direct = await answer(`${kubo.apiUrl}/api/v0/cat?arg=${cid}`, { headers: { authorization: LIMITED } })
    const through = await answer(`${node.url}/api/v0/cat?arg=${cid}`)
    expect(direct.status).toBe(403)
    expect(through).toEqual(direct)
  })

  it('a command error longer than the node reads is still Kubo\'s JSON error, cut', async () => {
    const full = await compositeNode({ backend: kuboConnector({ endpoints: [{ url: kubo.apiUrl, authorization: STARTER }] }) })
    try {
      // Kubo quotes the argument Go-style: 300 000 \x02 become 1.5 MB of JSON, over the 1 MiB the node reads
      const path = `/api/v0/pin/add?arg=${'%02'.repeat(300_000)}`
      const direct = await answer(`${kubo.apiUrl}${path}`, { headers: { authorization: STARTER } })
      const through = await answer(`${full.url}${path}`)
      expect([direct.status, direct.type, direct.body.length]).toEqual([500, 'application/json', expect.any(Number)])
      expect(direct.body.length).toBeGreaterThan(1 << 20)
      expect([through.status, through.type]).toEqual([500, 'application/json'])
      const cut = JSON.parse(through.body) as { Message: string, Code: number, Type: string }
      const whole = JSON.parse(direct.body) as { Message: string }
      expect([cut.Code, cut.Type]).toEqual([0, 'error'])
      expect(cut.Message.length).toBeGreaterThan(400_000)
      expect(whole.Message.startsWith(cut.Message)).toBe(true)
    } finally {
      await full.stop()
    }
  })

  describe('404 and 405, recorded from the real Kubo and replayed by the upstream', () => {
    let replay: Server
    let replayed: CompositeNode
    let recorded: Answer

    beforeAll(async () => {
      replay = createServer((_, res) => {
        res.writeHead(recorded.status, { 'Content-Type': recorded.type ?? 'text/plain', ...(recorded.allow === null ? {} : { Allow: recorded.allow }) })
        res.end(recorded.body)
      })
      await new Promise<void>(resolve => replay.listen(0, '127.0.0.1', resolve))
      const { port } = replay.address() as AddressInfo
      replayed = await compositeNode({ backend: kuboConnector({ endpoints: [`http://127.0.0.1:${port}`] }) })
    })
    afterAll(async () => {
      await replayed?.stop()
      await new Promise(resolve => replay?.close(resolve))
    })

    it.each([
      ['404, an unknown command', () => answer(`${kubo.apiUrl}/api/v0/no-such-command`, { headers: { authorization: STARTER } })],
      ['405, a GET', () => answer(`${kubo.apiUrl}/api/v0/version`, { method: 'GET', headers: { authorization: STARTER } })]
    ])('%s', async (_, record) => {
      recorded = await record()
      expect(recorded.status).toBeGreaterThanOrEqual(404)
      expect(await answer(`${replayed.url}/api/v0/version`)).toEqual(recorded)
    })
  })
})
