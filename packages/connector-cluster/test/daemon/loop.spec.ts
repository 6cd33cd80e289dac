import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { compositeNode, connectKubos, startKubo, startOvercluster, startUndercluster } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clusterConnector } from '../../src/index.ts'
import { loopMarker } from '../../src/loop/marker.ts'
import { collect, kuboAdd, unique } from './helpers.ts'
import { lateBackend } from './late-backend.ts'
import type { Backend, PinAddEvent } from '@composite-ipfs/interface'
import type { CompositeNode, KuboDaemon, Overcluster, Undercluster } from '@composite-ipfs/testbed'

interface Allocation { metadata: Record<string, string> | null }

describe('rule (a) on a real undercluster: pin metadata, re-entry, depth', () => {
  let uc: Undercluster
  let backend: Backend

  beforeAll(async () => {
    uc = await startUndercluster({ peers: 2 })
    backend = clusterConnector({ rest: uc.restUrls, loopDetection: { nodeId: 'node-x' }, pinWait: { pollInterval: 200, progressInterval: 500, timeout: 30_000 } })
  })
  afterAll(async () => {
    await backend?.stop?.()
    await uc?.stop()
  })

  it('records the chain on the pin, and lets the same overcluster pin the same CID again', async () => {
    const [line] = await kuboAdd(uc.kubos[0]!, { 'chain.txt': unique('chain') })
    const cid = line!.Hash
    // as the server hands it on behind loopGuard: the chain already ends with this node
    expect(await collect(backend.pinAdd!([cid], { via: ['gateway', 'node-x'], hops: 2 }))).toEqual([{ Pins: [cid] }])
    const pin = await uc.peers[0]!.rest<Allocation>(`/allocations/${cid}`)
    expect(pin.metadata).toMatchObject({ 'composite-via': 'gateway,node-x', 'composite-hops': '2' })
    // a legitimate re-pin (nothing in flight): not a loop, although the pin names this node
    expect(await collect(backend.pinAdd!([cid]))).toEqual([{ Pins: [cid] }])
    // the re-pin's trail reaches the other peer too (the shared state is eventually consistent)
    await uc.waitFor(async () => (await uc.peers[1]!.rest<Allocation>(`/allocations/${cid}`)).metadata?.['composite-via'] === 'node-x', { timeoutMs: 10_000, message: 'the new trail on peer 1' })
    expect((await uc.peers[1]!.rest<Allocation>(`/allocations/${cid}`)).metadata).toMatchObject({ 'composite-via': 'node-x', 'composite-hops': '1' })
  })

  it('a pin that arrives while this node still waits for the same CID is a duplicate unless the peer check finds a cycle: both wait for the same pin', async () => {
    // content only an outsider has: the first pin waits until the outsider is connected
    const outsider = await startKubo({ name: 'dup-outsider' })
    try {
      const [line] = await kuboAdd(outsider, { 'dup.txt': unique('dup') })
      const cid = line!.Hash
      const first = backend.pinAdd!([cid], { progress: true })[Symbol.asyncIterator]()
      // the first Progress line comes after the write to the undercluster
      expect((await first.next()).value).toEqual({ Progress: 1 })
      // the undercluster's pin records this node: the second pin looks like a re-entry, the peer check says it is not
      const second = backend.pinAdd!([cid], { progress: true })[Symbol.asyncIterator]()
      expect((await second.next()).value).toEqual({ Progress: 1 })
      await connectKubos([outsider, ...uc.kubos])
      const rest = async (it: AsyncIterator<PinAddEvent>): Promise<PinAddEvent[]> => {
        const events: PinAddEvent[] = []
        for (let next = await it.next(); next.done !== true; next = await it.next()) events.push(next.value)
        return events
      }
      const [a, b] = await Promise.all([rest(first), rest(second)])
      expect(a.at(-1)).toEqual({ Pins: [cid] })
      expect(b.at(-1)).toEqual({ Pins: [cid] })
    } finally {
      await outsider.stop()
    }
  })

  it('refuses to write a pin deeper than maxDepth, before any REST call', async () => {
    const [line] = await kuboAdd(uc.kubos[0]!, { 'deep.txt': unique('deep') })
    const via = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'node-x']
    await expect(collect(backend.pinAdd!([line!.Hash], { via, hops: 9 }))).rejects.toMatchObject({
      code: 'ERR_LOOP_DETECTED',
      message: `composition loop detected: pin ${line!.Hash} went through 9 composite nodes, maxDepth 8 at node-x (chain: ${via.join(' -> ')})`
    })
    // nothing was written: the shared pinset does not hold it
    const pinset = await (await fetch(`${uc.restUrls[0]}/allocations?filter=pin`)).text()
    expect(pinset).not.toContain(line!.Hash)
  })
})

describe('rule (b): a cluster peer whose IPFS daemon is the composite node over that same cluster', () => {
  let kubo: KuboDaemon
  let ipfs: Backend
  let node: CompositeNode
  let oc: Overcluster
  let backend: Backend
  let bind: (target: Backend) => void
  const seen: string[] = []

  beforeAll(async () => {
    kubo = await startKubo()
    ipfs = kuboConnector({ endpoints: [kubo.apiUrl] })
    const late = lateBackend(ipfs)
    bind = late.bind
    node = await compositeNode({ backend: late.backend, stopBackend: false, middleware: [async function record (ctx, next) { seen.push(ctx.command ?? ''); await next() }] })
    oc = await startOvercluster({ attach: [node.multiaddr], pinTimeout: '20s', connectSwarmsDelay: '0s' })
    backend = clusterConnector({ rest: oc.restUrls, ipfs, loopDetection: { nodeId: 'node-x' } })
    late.bind(backend)
  })
  afterAll(async () => {
    await oc?.stop()
    await node?.stop()
    await backend?.stop?.()
    await ipfs?.stop?.()
    await kubo?.stop()
  })

  it('id still answers: the Kubo identity plus the node\'s marker, which the cluster reports for its peer', async () => {
    const id = await node.rpc<{ ID: string, Addresses: string[] }>('id')
    expect(id.ID).toBe(kubo.peerId)
    expect(id.Addresses).toContain(loopMarker('node-x'))
    const peer = await oc.peers[0]!.rest<{ ipfs: { id: string, addresses: string[] } }>('/id')
    expect(peer.ipfs.id).toBe(kubo.peerId)
    expect(peer.ipfs.addresses).toContain(loopMarker('node-x'))
  })

  it('refuses pin/add, pin/ls and pin/rm with 508, naming the peer', async () => {
    const [line] = await kuboAdd(kubo, { 'inception.txt': unique('inception') })
    const peer = `${oc.peers[0]!.name} (${oc.peers[0]!.id})`
    for (const command of ['pin/add', 'pin/ls', 'pin/rm']) {
      const res = await fetch(`${node.url}/api/v0/${command}?arg=${line!.Hash}`, { method: 'POST' })
      expect(res.status).toBe(508)
      expect(await res.json()).toEqual({
        Message: `composition loop detected: undercluster ${oc.restUrls[0]} peer ${peer} uses this composite node (node-x) as its IPFS daemon (inception): refusing ${command}`,
        Code: 0,
        Type: 'error'
      })
    }
  })

  it('so a pin through the cluster ends as pin_error at once, and the peer stays up', async () => {
    const [line] = await kuboAdd(kubo, { 'inception-pin.txt': unique('inception-pin') })
    const started = Date.now()
    await oc.peers[0]!.rest(`/pins/${line!.Hash}`, { method: 'POST' })
    const info = await oc.waitForStatus(line!.Hash, 'pin_error', { timeoutMs: 30_000 })
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(Object.values(info.peer_map)[0]?.error).toContain('composition loop detected')
    expect((await oc.peers[0]!.rest<{ id: string }>('/id')).id).toBe(oc.peers[0]!.id)
    const events: PinAddEvent[] = []
    await expect((async () => { for await (const e of backend.pinAdd!([line!.Hash])) events.push(e) })()).rejects.toMatchObject({ status: 508 })
    expect(events).toEqual([])
  })

  it('without an identity of its own, the node\'s id lookup through the cluster stays bounded and says why', async () => {
    const bare = clusterConnector({ rest: oc.restUrls, loopDetection: { nodeId: 'node-x' } })
    bind(bare)
    try {
      seen.length = 0
      const started = Date.now()
      const res = await fetch(`${node.url}/api/v0/id`, { method: 'POST' })
      expect(res.status).toBe(500)
      // GET /id made the peer ask this node for `id` again: that nested call waited, then gave up
      expect(((await res.json()) as { Message: string }).Message).toContain('composition loop suspected: this node\'s identity comes from undercluster')
      expect(Date.now() - started).toBeLessThan(20_000)
      expect(seen.filter(command => command === 'id').length).toBeLessThan(10)
    } finally {
      bind(backend)
      await bare.stop?.()
    }
  })
})

describe('rule (b) through two clusters: X -> cluster U -> Y -> cluster V -> X', () => {
  const kubos: KuboDaemon[] = []
  const ipfs: Backend[] = []
  const nodes: CompositeNode[] = []
  const connectors: Backend[] = []
  let u: Overcluster
  let v: Overcluster

  beforeAll(async () => {
    kubos.push(...await Promise.all([startKubo(), startKubo()]))
    ipfs.push(...kubos.map(kubo => kuboConnector({ endpoints: [kubo.apiUrl] })))
    const late = ipfs.map(backend => lateBackend(backend))
    nodes.push(...await Promise.all(late.map(async ({ backend }) => await compositeNode({ backend, stopBackend: false }))))
    // U's peer uses Y (nodes[1]) as its daemon, V's peer uses X (nodes[0])
    ;[u, v] = await Promise.all([
      startOvercluster({ attach: [nodes[1]!.multiaddr], pinTimeout: '20s', connectSwarmsDelay: '0s' }),
      startOvercluster({ attach: [nodes[0]!.multiaddr], pinTimeout: '20s', connectSwarmsDelay: '0s' })
    ])
    const below = [u, v]
    for (const [i, { bind }] of late.entries()) {
      const connector = clusterConnector({ rest: below[i]!.restUrls, ipfs: ipfs[i], loopDetection: { nodeId: `node-${'xy'[i]}`, peerCheckTtl: 1_000 }, pinWait: { pollInterval: 200, progressInterval: 1_000, timeout: 60_000 } })
      connectors.push(connector)
      bind(connector)
    }
  })
  afterAll(async () => {
    await Promise.allSettled([u?.stop(), v?.stop()])
    await Promise.allSettled(nodes.map(async node => { await node.stop() }))
    await Promise.allSettled([...connectors, ...ipfs].map(async backend => { await backend.stop?.() }))
    await Promise.allSettled(kubos.map(async kubo => { await kubo.stop() }))
  })

  it('a pin entering at cluster U ends as pin_error instead of waiting on itself, once the markers went round', async () => {
    // each check shows the markers found below in the node's id: two rounds close the circle
    await u.waitFor(async () => {
      const ids = await Promise.all(nodes.map(async node => await node.rpc<{ Addresses: string[] }>('id')))
      const refused = await Promise.all(nodes.map(async node => (await fetch(`${node.url}/api/v0/pin/ls?arg=bafkqaaa`, { method: 'POST' })).status))
      return refused.every(status => status === 508) && ids.every(id => id.Addresses.includes(loopMarker('node-x')) && id.Addresses.includes(loopMarker('node-y')))
    }, { timeoutMs: 30_000, message: 'the markers to go round the cycle' })
    const [line] = await kuboAdd(kubos[1]!, { 'cycle.txt': unique('cycle') })
    const started = Date.now()
    await u.peers[0]!.rest(`/pins/${line!.Hash}`, { method: 'POST' })
    const info = await u.waitForStatus(line!.Hash, 'pin_error', { timeoutMs: 30_000 })
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(Object.values(info.peer_map)[0]?.error).toContain(`leads back to this composite node (node-y) through the composite nodes below it (a composition cycle)`)
  })
})

