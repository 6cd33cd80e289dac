/**
 * Property-based fuzzing of a composite node (server + Kubo connector + header policy) in front
 * of a real Kubo: method × path × query × headers × body, biased towards real command and
 * option names, odd encodings, multipart bodies, random bytes and oversized values.
 *
 * Properties: the server never crashes (no uncaught error, a final `version` succeeds), never
 * answers a 5xx without Kubo's error shape, never leaks a socket, and always answers with a
 * status a Kubo RPC server can give. `FUZZ_RUNS` (default 10000) and `FUZZ_SEED` reproduce a run.
 */
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { compositeNode, memoryLogger, printLogsOnFailure, startKubo } from '@composite-ipfs/testbed'
import { request } from 'undici'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fuzzRequests } from '../fixtures/fuzz-requests.ts'
import { describeFailure, runFuzz } from '../fixtures/fuzz-run.ts'
import { countSockets, settleSockets } from '../fixtures/tcp-sockets.ts'
import type { FuzzFixtures } from '../fixtures/fuzz-requests.ts'
import type { CompositeNode, KuboDaemon } from '@composite-ipfs/testbed'

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000)
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)
const CONCURRENCY = 8

/** Posts a multipart upload straight to Kubo and returns the CIDs it answered with */
async function upload (kubo: KuboDaemon, command: string, files: Array<[string, string]>): Promise<string[]> {
  const boundary = 'fixtures'
  const parts = files.map(([name, content]) => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(name)}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n`)
  const res = await request(`${kubo.apiUrl}/api/v0/${command}`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: `${parts.join('')}--${boundary}--\r\n` })
  const lines = (await res.body.text()).trim().split('\n').map((line) => JSON.parse(line) as { Hash?: string, Key?: string, Cid?: { '/': string } })
  return lines.map((line) => line.Hash ?? line.Key ?? line.Cid?.['/'] ?? '').filter((cid) => cid !== '')
}

describe('fuzz: composite node in front of a real Kubo', () => {
  let kubo: KuboDaemon
  let node: CompositeNode
  let fixtures: FuzzFixtures
  const log = memoryLogger()

  beforeAll(async () => {
    kubo = await startKubo()
    node = await compositeNode({
      backend: kuboConnector({ endpoints: [kubo.apiUrl] }),
      middleware: [headerPolicy()],
      // the wire is under test, not the forwarding policy: the admin commands the fuzz sends
      // (diag/sys, repo/version) are forwarded, as Kubo answers them (admin-commands.spec tests the refusal)
      server: { logger: log, forwardAdmin: true }
    })
    const cids = [
      ...await upload(kubo, 'add', [['fuzz/hello.txt', 'hello fuzz\n'], ['fuzz/deeper/x.bin', 'x'.repeat(3000)]]),
      ...await upload(kubo, 'block/put?cid-codec=raw', [['', 'a raw block']]),
      ...await upload(kubo, 'dag/put?store-codec=dag-cbor&input-codec=dag-json', [['', '{"a":1,"b":[1,2,3]}']])
    ]
    fixtures = { cids, peerId: kubo.peerId, port: Number(new URL(node.url).port) }
  })
  beforeEach(printLogsOnFailure(() => [kubo]))
  afterAll(async () => {
    await node?.stop()
    await kubo?.stop()
  })

  it(`answers ${RUNS} generated requests without crashing, leaking or a non-Kubo 5xx`, async () => {
    const crashes: unknown[] = []
    const crashed = (err: unknown): void => { crashes.push(err) }
    process.on('uncaughtException', crashed)
    process.on('unhandledRejection', crashed)
    const kuboPort = Number(new URL(kubo.apiUrl).port)
    const before = await countSockets(fixtures.port)
    let report
    try {
      report = await runFuzz({ url: node.url, requests: fuzzRequests(fixtures, { seed: SEED, count: RUNS }), concurrency: CONCURRENCY, timeoutMs: 60_000 })
    } finally {
      process.off('uncaughtException', crashed)
      process.off('unhandledRejection', crashed)
    }
    // the client pool is closed: every connection the server accepted must go away
    const after = await settleSockets(fixtures.port, (count) => count.accepted <= before.accepted, 15_000)
    // the connector's keep-alive pool to Kubo may stay, but no more than one socket per request in flight
    const upstream = await countSockets(kuboPort)
    const version = await node.rpc<{ Version: string }>('version')

    const histogram = Object.fromEntries(Object.entries(report.statuses).sort())
    console.log(`fuzz: ${report.sent} requests in ${(report.durationMs / 1000).toFixed(1)} s (seed ${SEED}, ${CONCURRENCY} at a time), ` +
      `statuses ${JSON.stringify(histogram)}, stream errors ${report.streamErrors}, damaging requests replaced ${report.replaced}, ` +
      `server sockets ${before.accepted} -> ${after.accepted}, upstream sockets ${upstream.outgoing}, server warnings ${log.messages('warn').length}, crashes: ${crashes.length}`)
    console.log(`fuzz: slowest requests\n${report.slowest.map(({ ms, request }) => `  ${ms} ms ${request}`).join('\n')}`)
    for (const failure of report.failures.slice(0, 10)) console.log(`fuzz failure (seed ${SEED}): ${describeFailure(failure)}`)

    expect(report.sent).toBe(RUNS)
    expect(crashes).toEqual([])
    expect(report.failures.map((failure) => failure.problem)).toEqual([])
    expect(after.accepted).toBe(before.accepted)
    expect(upstream.outgoing).toBeLessThanOrEqual(CONCURRENCY * 2)
    expect(version.Version).toBe('0.42.0')
    expect(log.messages('warn')).toEqual([])
  }, 900_000)
})
