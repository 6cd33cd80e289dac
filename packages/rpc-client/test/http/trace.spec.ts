/**
 * What a call reports: the request ID goes up as `X-Request-Id`, the trace hears which endpoint
 * answered and each failover, and the logger hears an endpoint fail once and answer again.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { rpcClient } from '../../src/index.ts'
import { readRequest, sendJson, startServer } from '../fixtures/http-server.ts'
import type { RpcClient } from '../../src/index.ts'
import type { TestServer } from '../fixtures/http-server.ts'
import type { CallTrace, Logger } from '@composite-ipfs/interface'

/** Keeps what is logged (testbed's memoryLogger depends on this package, so a small one here) */
function memoryLogger (): Logger & { lines: Array<Record<string, unknown>>, messages: (level?: string) => string[] } {
  const lines: Array<Record<string, unknown>> = []
  const make = (bindings: Record<string, unknown>): Logger => {
    const at = (level: string) => (fields: Record<string, unknown> | string, msg?: string) => {
      lines.push(typeof fields === 'string' ? { ...bindings, level, msg: fields } : { ...bindings, ...fields, level, msg })
    }
    return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), child: (more) => make({ ...bindings, ...more }) }
  }
  return Object.assign(make({}), { lines, messages: (level?: string) => lines.filter((l) => level === undefined || l.level === level || (level === 'info' && l.level !== 'debug')).map((l) => l.msg as string) })
}

const servers: TestServer[] = []
const clients: RpcClient[] = []
afterEach(async () => {
  await Promise.all(clients.splice(0).map(async c => c.close()))
  await Promise.all(servers.splice(0).map(async s => s.close()))
})

describe('a call\'s request ID, trace and endpoint log', () => {
  it('sends X-Request-Id, traces the failover and the answer, and logs the dead endpoint once and its return', async () => {
    const seen: Array<string | undefined> = []
    let up = false
    const flaky = await startServer(async (req, res) => {
      await readRequest(req)
      if (!up) { res.writeHead(503); res.end('busy\n'); return }
      seen.push(req.headers['x-request-id'] as string | undefined)
      sendJson(res, 200, { ok: 'flaky' })
    })
    const good = await startServer(async (req, res) => {
      await readRequest(req)
      seen.push(req.headers['x-request-id'] as string | undefined)
      sendJson(res, 200, { ok: 'good' })
    })
    servers.push(flaky, good)
    const logger = memoryLogger()
    const client = rpcClient({ endpoints: [flaky.url, good.url], logger, retryDelay: 1 })
    clients.push(client)
    const events: string[] = []
    const trace: CallTrace = {
      upstream: (endpoint, status, ms) => { events.push(`upstream ${endpoint} ${status}`); expect(ms).toBeGreaterThanOrEqual(0) },
      failover: (endpoint, error) => { events.push(`failover ${endpoint} ${error.name}`) }
    }
    for (let i = 0; i < 2; i++) expect(await client.kuboJson('id', { requestId: `req-${i}`, trace })).toEqual({ ok: 'good' })
    expect(seen).toEqual(['req-0', 'req-1'])
    // the second call goes straight to the endpoint that answered last (sticky)
    expect(events).toEqual([`failover ${flaky.url} EndpointFailedError`, `upstream ${good.url} 200`, `upstream ${good.url} 200`])
    expect(logger.lines.filter((line) => line.level === 'warn')).toEqual([expect.objectContaining({ component: 'rpc-client', endpoint: flaky.url, msg: `endpoint ${flaky.url} failed; failing over to the next endpoint` })])

    // the good one goes away; the flaky one answers again
    up = true
    await good.close()
    servers.splice(servers.indexOf(good), 1)
    expect(await client.kuboJson('id', { requestId: 'req-2' })).toEqual({ ok: 'flaky' })
    expect(logger.messages('info')).toEqual([
      `endpoint ${flaky.url} failed; failing over to the next endpoint`,
      `endpoint ${good.url} failed; failing over to the next endpoint`,
      `endpoint ${flaky.url} answers again`
    ])
  })
})
