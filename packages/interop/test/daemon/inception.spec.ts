/**
 * The seed's fourth topology, "inception" ("destroy the world"): one ipfs-cluster whose two
 * peers each use a composite node as their IPFS daemon, and whose composite nodes use that very
 * cluster as their undercluster (cluster == undercluster == overcluster). Real daemons only:
 * two ipfs-cluster-service peers, and a Kubo behind each composite node for its identity and
 * block commands. Without loop protection, every pin, pin listing or GC fans out back into the
 * cluster for ever. With it, each composite node recognises itself among the cluster's peers
 * (its loop marker) and refuses, before the first byte, every command that would reach the
 * cluster again, while `id` keeps answering: the cluster stays up and reports pin_error.
 */
import { clusterConnector } from '@composite-ipfs/connector-cluster'
import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { compositeNode, printLogsOnFailure, startKubo, startOvercluster } from '@composite-ipfs/testbed'
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CommandError } from '@composite-ipfs/interface'
import type { Backend, Middleware } from '@composite-ipfs/interface'
import type { CompositeNode, GlobalPinInfo, KuboDaemon, Overcluster } from '@composite-ipfs/testbed'

const MiB = 1024 * 1024
/** The pin-family commands: each one, unrefused, would make the cluster ask the node again */
const LOOPING = new Set(['pin/add', 'pin/ls', 'pin/rm', 'pin/update', 'add', 'repo/gc'])

/**
 * Counts the requests a composite node receives, per command; past `cap.limit` requests it
 * refuses them, so that the control run without loop detection cannot take the machine down.
 */
function counter (counts: Map<string, number>, cap: { limit: number }): Middleware {
  return async function countRequests (ctx, next) {
    const command = ctx.command ?? ctx.url.pathname
    counts.set(command, (counts.get(command) ?? 0) + 1)
    if (sum(counts) > cap.limit) throw new CommandError('request cap of the test reached')
    await next()
  }
}

/**
 * A backend bound after the node listens: the cluster must start (its peers need the node's
 * `id`) before the node's connector can know the cluster's REST URLs. Until then the Kubo answers.
 */
function lateBackend (fallback: Backend): { backend: Backend, bind: (target: Backend) => void } {
  let target = fallback
  const backend = new Proxy(fallback, {
    get (_fallback, key) {
      const value = (target as unknown as Record<PropertyKey, unknown>)[key]
      return typeof value === 'function' ? value.bind(target) : value
    }
  })
  return { backend, bind: (next) => { target = next } }
}

async function rssOf (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
}

/** Stores content in one Kubo without pinning it; returns its CID */
async function kuboAdd (kubo: KuboDaemon, content: string): Promise<string> {
  const form = new FormData()
  form.append('file', new Blob([content]), 'inception.txt')
  const res = await fetch(`${kubo.apiUrl}/api/v0/add?pin=false`, { method: 'POST', body: form })
  return ((await res.json()) as { Hash: string }).Hash
}

const sum = (counts: Map<string, number>, filter: (command: string) => boolean = () => true): number =>
  [...counts].filter(([command]) => filter(command)).reduce((total, [, n]) => total + n, 0)

describe('inception: a cluster whose peers are attached to composite nodes over that same cluster', () => {
  const kubos: KuboDaemon[] = []
  const ipfs: Backend[] = []
  const connectors: Backend[] = []
  const nodes: CompositeNode[] = []
  const counts: Array<Map<string, number>> = [new Map(), new Map()]
  let cluster: Overcluster
  let boundAt = 0
  let heapAtBind = 0
  let peerRssAtBind: number[] = []
  const cap = { limit: Infinity }
  let binds: Array<(target: Backend) => void> = []

  beforeEach(printLogsOnFailure(() => [...(cluster?.peers ?? []), ...kubos]))

  beforeAll(async () => {
    kubos.push(...await Promise.all([startKubo(), startKubo()]))
    const late = kubos.map((kubo) => {
      const backend = kuboConnector({ endpoints: [kubo.apiUrl] })
      ipfs.push(backend)
      return lateBackend(backend)
    })
    for (const [i, { backend }] of late.entries()) {
      nodes.push(await compositeNode({ backend, middleware: [counter(counts[i]!, cap), headerPolicy()], stopBackend: false }))
    }
    // ping and metric intervals a little slower than the testbed's, so the periodic id and
    // repo/stat calls stay few next to what a loop would cause
    binds = late.map(({ bind }) => bind)
    cluster = await startOvercluster({ attach: nodes.map((node) => node.multiaddr), pinTimeout: '30s', connectSwarmsDelay: '0s', monitorInterval: '5s', metricTtl: '20s' })
    for (const [i, { bind }] of late.entries()) {
      const connector = clusterConnector({
        rest: cluster.restUrls,
        ipfs: ipfs[i],
        loopDetection: { nodeId: `inception-node-${i}` },
        pinWait: { pollInterval: 200, progressInterval: 1_000, timeout: 20_000 }
      })
      connectors.push(connector)
      bind(connector)
      await connector.start?.()
    }
    for (const map of counts) map.clear()
    boundAt = Date.now()
    heapAtBind = process.memoryUsage().heapUsed
    peerRssAtBind = await Promise.all(cluster.peers.map(async (peer) => await rssOf(peer.pid)))
  })

  afterAll(async () => {
    await cluster?.stop()
    await Promise.allSettled(nodes.map(async (node) => { await node.stop() }))
    await Promise.allSettled([...connectors, ...ipfs].map(async (backend) => { await backend.stop?.() }))
    await Promise.allSettled(kubos.map(async (kubo) => { await kubo.stop() }))
  })

  it('a pin through the cluster ends as pin_error on both peers in bounded time, naming the loop', async () => {
    const cid = await kuboAdd(kubos[0]!, `pinned into an inception cluster ${Date.now()}\n`)
    const started = Date.now()
    await cluster.peers[0]!.rest(`/pins/${cid}`, { method: 'POST' })
    const info = await cluster.waitForStatus(cid, 'pin_error', { timeoutMs: 60_000 })
    const elapsed = Date.now() - started
    console.info(`inception: POST /pins -> pin_error on both peers in ${elapsed} ms`)
    expect(elapsed).toBeLessThan(20_000)
    for (const [i, peer] of cluster.peers.entries()) {
      const status = info.peer_map[peer.id]!
      expect(status.status).toBe('pin_error')
      // each peer's daemon is composite node i, which names the peer and itself
      expect(status.error).toContain('composition loop detected')
      expect(status.error).toContain(`peer ${peer.name} (${peer.id}) uses this composite node (inception-node-${i}) as its IPFS daemon (inception)`)
    }
  })

  it('a client of a composite node is refused at once with 508; id still answers', async () => {
    for (const [i, node] of nodes.entries()) {
      const res = await fetch(`${node.url}/api/v0/pin/add?arg=bafkqaaa&progress=true`, { method: 'POST' })
      expect(res.status).toBe(508)
      // once the other node's marker is seen too, the cycle through it is named as well
      const message = ((await res.json()) as { Message: string }).Message
      expect(message).toMatch(new RegExp(`^composition loop detected: undercluster .* uses this composite node \\(inception-node-${i}\\) as its IPFS daemon \\(inception\\)(; undercluster .* leads back to this composite node \\(inception-node-${i}\\) through the composite nodes below it \\(a composition cycle\\))?: refusing pin/add$`))
      const id = await node.rpc<{ ID: string }>('id')
      expect(id.ID).toBe(kubos[i]!.peerId)
    }
  })

  it('an add through the cluster stores its blocks through the nodes, then its pin fails the same way', async () => {
    const form = new FormData()
    form.append('file', new Blob([`added into an inception cluster ${Date.now()}\n`]), 'inception-add.txt')
    const res = await fetch(`${cluster.restUrls[1]}/add?stream-channels=false`, { method: 'POST', body: form })
    const text = await res.text()
    expect(res.status).toBe(200)
    const [{ cid }] = JSON.parse(text) as Array<{ cid: string }>
    const info: GlobalPinInfo = await cluster.waitForStatus(cid, 'pin_error', { timeoutMs: 60_000 })
    expect(Object.values(info.peer_map).every((peer) => peer.error.includes('composition loop detected'))).toBe(true)
  })

  it('after a recover and an unpin, the cluster is still up, and neither the nodes nor the peers grew', async () => {
    const pins = await (await fetch(`${cluster.restUrls[0]}/allocations?filter=pin`)).text()
    const cids = pins.split('\n').filter((line) => line !== '').map((line) => (JSON.parse(line) as { cid: string }).cid)
    expect(cids.length).toBeGreaterThanOrEqual(2)
    await fetch(`${cluster.restUrls[0]}/pins/${cids[0]}/recover`, { method: 'POST' })
    await cluster.peers[1]!.rest(`/pins/${cids[1]}`, { method: 'DELETE' })
    // a status listing asks every peer's daemon for pin/ls: refused once each, not recursively
    const listed = Date.now()
    await (await fetch(`${cluster.restUrls[0]}/pins`)).text()
    expect(Date.now() - listed).toBeLessThan(5_000)
    // let a storm show itself, if there were one
    await new Promise((resolve) => setTimeout(resolve, 10_000))

    for (const [i, peer] of cluster.peers.entries()) {
      const id = await peer.rest<{ id: string, ipfs: { id: string, error: string } }>('/id')
      expect(id.id).toBe(peer.id)
      expect(id.ipfs).toMatchObject({ id: kubos[i]!.peerId, error: '' })
    }
    const seconds = (Date.now() - boundAt) / 1000
    const peerRss = await Promise.all(cluster.peers.map(async (peer) => await rssOf(peer.pid)))
    const heapGrowth = process.memoryUsage().heapUsed - heapAtBind
    for (const [i, map] of counts.entries()) {
      console.info(`inception: node ${i} saw ${sum(map)} requests in ${seconds.toFixed(0)} s: ${JSON.stringify(Object.fromEntries(map))}`)
      expect(sum(map)).toBeLessThan(50)
      expect(sum(map, (command) => LOOPING.has(command))).toBeLessThan(20)
    }
    console.info(`inception: test-process heap ${(heapGrowth / MiB).toFixed(1)} MiB since the nodes were bound; ` +
      `cluster peers RSS ${peerRssAtBind.map((rss, i) => `${(rss / MiB).toFixed(0)} -> ${(peerRss[i]! / MiB).toFixed(0)} MiB`).join(', ')}`)
    expect(heapGrowth).toBeLessThan(64 * MiB)
    for (const [i, rss] of peerRss.entries()) expect(rss - peerRssAtBind[i]!).toBeLessThan(64 * MiB)
  })

  it('control: the same cluster without loop detection turns one status listing into a pin/ls storm', async () => {
    const unguarded = ipfs.map((backend) => clusterConnector({ rest: cluster.restUrls, ipfs: backend, loopDetection: false, timeouts: { headers: 20_000, body: 20_000 } }))
    connectors.push(...unguarded)
    unguarded.forEach((connector, i) => { binds[i]!(connector) })
    for (const map of counts) map.clear()
    cap.limit = 300
    // each peer asks its daemon (a node) for pin/ls, which asks the cluster for its status listing, which...
    const listing = fetch(`${cluster.restUrls[0]}/pins`).then(async (res) => { await res.text() })
    await cluster.waitFor(async () => counts.every((map) => (map.get('pin/ls') ?? 0) > 150), { timeoutMs: 15_000, message: 'the pin/ls storm' })
    console.info(`inception control, no loop detection: ${counts.map((map) => map.get('pin/ls')).join(' and ')} pin/ls on the two nodes from one GET /pins before the cap`)
    await listing.catch(() => {})
  })
})
