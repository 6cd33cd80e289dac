import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { connectKubos, startKubo, startUndercluster } from '@composite-ipfs/testbed'
import { Agent } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clusterConnector } from '../../src/index.ts'
import { RestClient } from '../../src/rest-client.ts'
import { statusBatcher } from '../../src/status-batch.ts'
import { FRONT_PREFIX, REGISTRY_CID } from '../../src/capacity/registry.ts'
import { collect, kuboAdd, kuboPinType, missingCid, unique } from './helpers.ts'
import type { Backend, PinAddEvent } from '@composite-ipfs/interface'
import type { Undercluster } from '@composite-ipfs/testbed'

describe('pins on a real undercluster (2 peers, everywhere)', () => {
  let uc: Undercluster
  let backend: Backend

  /** The undercluster's pin of `cid` from its shared pinset, or `undefined` */
  const allocation = async (cid: string): Promise<{ metadata: Record<string, string> | null, expire_at: string } | undefined> =>
    await uc.peers[0]!.rest<{ metadata: Record<string, string> | null, expire_at: string }>(`/allocations/${cid}`).catch((err: Error) => {
      if (/404/.test(err.message)) return undefined
      throw err
    })

  beforeAll(async () => {
    // expired pins are removed at the state sync: a short one lets released pins go quickly
    uc = await startUndercluster({ peers: 2, serviceConfig: { cluster: { state_sync_interval: '1s' } } })
    backend = clusterConnector({ rest: uc.restUrls, nodeId: 'pins-node', releaseGrace: 2_000, pinWait: { pollInterval: 200, progressInterval: 500 } })
  })

  afterAll(async () => {
    await backend?.stop?.()
    await uc?.stop()
  })

  it('pin/add answers once the bottom Kubos really hold the pin', async () => {
    const [line] = await kuboAdd(uc.kubos[0]!, { 'a.txt': unique('pin-add') })
    const events = await collect(backend.pinAdd!([line!.Hash]))
    expect(events).toEqual([{ Pins: [line!.Hash] }])
    // no waiting here: the answer itself means pinned
    for (const kubo of uc.kubos) expect(await kuboPinType(kubo, line!.Hash)).toBe('recursive')
  })

  it('pin/add?progress streams rising Progress until the pin completes', async () => {
    const content = unique('late')
    const [line] = await kuboAdd(uc.kubos[0]!, { 'late.txt': content }, { 'only-hash': 'true' })
    const events: Array<PinAddEvent & { at: number }> = []
    const started = Date.now()
    const provide = setTimeout(() => { void kuboAdd(uc.kubos[1]!, { 'late.txt': content }) }, 2_000)
    try {
      for await (const event of backend.pinAdd!([line!.Hash], { progress: true })) events.push({ ...event, at: Date.now() - started })
    } finally {
      clearTimeout(provide)
    }
    const progress = events.filter(e => e.Progress !== undefined)
    expect(progress.length).toBeGreaterThanOrEqual(3)
    expect(progress.map(e => e.Progress)).toEqual(progress.map((_, i) => i + 1))
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.at - progress[i - 1]!.at).toBeLessThan(1_500)
    expect(events.at(-1)).toMatchObject({ Pins: [line!.Hash] })
    for (const kubo of uc.kubos) expect(await kuboPinType(kubo, line!.Hash)).toBe('recursive')
  })

  it('recursive=false stays a direct pin at the bottom', async () => {
    const lines = await kuboAdd(uc.kubos[0]!, { 'one.txt': unique('d1'), 'two.txt': unique('d2') }, { 'wrap-with-directory': 'true' })
    const root = lines.at(-1)!.Hash
    const child = lines[0]!.Hash
    expect(await collect(backend.pinAdd!([root], { recursive: false }))).toEqual([{ Pins: [root] }])
    for (const kubo of uc.kubos) {
      expect(await kuboPinType(kubo, root, 'direct')).toBe('direct')
      expect(await kuboPinType(kubo, root, 'recursive')).toBeUndefined()
      expect(await kuboPinType(kubo, child)).toBeUndefined()
    }
    const allocation = await uc.peers[0]!.rest<{ mode: string, max_depth: number }>(`/allocations/${root}`)
    expect(allocation).toMatchObject({ mode: 'direct', max_depth: 0 })
    expect(await collect(backend.pinLs!([root]))).toEqual([{ Cid: root, Type: 'direct' }])
  })

  it('a direct pin over a recursive one fails with Kubo\'s text', async () => {
    const [line] = await kuboAdd(uc.kubos[0]!, { 'r.txt': unique('rec') })
    await collect(backend.pinAdd!([line!.Hash]))
    await expect(collect(backend.pinAdd!([line!.Hash], { recursive: false }))).rejects.toThrow(`pin: ${line!.Hash} already pinned recursively`)
  })

  it('pin/ls lists what the bottom Kubos really pinned, with types', async () => {
    const [rec] = await kuboAdd(uc.kubos[0]!, { 'rec.txt': unique('ls-rec') })
    const [dir] = await kuboAdd(uc.kubos[0]!, { 'dir.txt': unique('ls-direct') })
    await collect(backend.pinAdd!([rec!.Hash]))
    await collect(backend.pinAdd!([dir!.Hash], { recursive: false }))
    const missing = await missingCid(uc.kubos[0]!)
    await uc.peers[0]!.rest(`/pins/${missing}`, { method: 'POST' })

    const all = await collect(backend.pinLs!([], { stream: true }))
    expect(all).toContainEqual({ Cid: rec!.Hash, Type: 'recursive' })
    expect(all).toContainEqual({ Cid: dir!.Hash, Type: 'direct' })
    expect(all.map(e => e.Cid)).not.toContain(missing)
    expect(new Set(all.map(e => e.Cid)).size).toBe(all.length)
    // faithful: every listed pin is pinned with that type by the bottom Kubos
    for (const entry of all) expect(await kuboPinType(uc.kubos[1]!, entry.Cid, entry.Type)).toBe(entry.Type)

    const recursive = await collect(backend.pinLs!([], { type: 'recursive' }))
    expect(recursive.map(e => e.Cid)).toContain(rec!.Hash)
    expect(recursive.map(e => e.Cid)).not.toContain(dir!.Hash)
    expect(await collect(backend.pinLs!([], { type: 'direct' }))).toContainEqual({ Cid: dir!.Hash, Type: 'direct' })
    expect(await collect(backend.pinLs!([], { type: 'indirect' }))).toEqual([])
    await expect(collect(backend.pinLs!([], { type: 'bogus' }))).rejects.toThrow("invalid type 'bogus', must be one of {direct, indirect, recursive, all}")

    expect(await collect(backend.pinLs!([rec!.Hash]))).toEqual([{ Cid: rec!.Hash, Type: 'recursive' }])
    await expect(collect(backend.pinLs!([missing]))).rejects.toThrow(`path '${missing}' is not pinned`)
    await expect(collect(backend.pinLs!([rec!.Hash], { type: 'direct' }))).rejects.toThrow(/not pinned$/)
    await uc.peers[0]!.rest(`/pins/${missing}`, { method: 'DELETE' })
  })

  it('pin/ls in pinset mode lists the shared pinset as it is, with types, filtered by type', async () => {
    // the same node, listing in the other mode
    const pinset = clusterConnector({ rest: uc.restUrls, nodeId: 'pins-node', pinLs: 'pinset' })
    const [rec] = await kuboAdd(uc.kubos[0]!, { 'rec.txt': unique('set-rec') })
    const [dir] = await kuboAdd(uc.kubos[0]!, { 'dir.txt': unique('set-direct') })
    const missing = await missingCid(uc.kubos[0]!)
    try {
      await collect(backend.pinAdd!([rec!.Hash]))
      await collect(backend.pinAdd!([dir!.Hash], { recursive: false }))
      // in the shared state at once, pinned nowhere (nobody has the block)
      await uc.peers[0]!.rest(`/pins/${missing}`, { method: 'POST' })

      const all = await collect(pinset.pinLs!([], { stream: true }))
      expect(all).toContainEqual({ Cid: rec!.Hash, Type: 'recursive' })
      expect(all).toContainEqual({ Cid: dir!.Hash, Type: 'direct' })
      // what the cluster intends: the pin no peer holds is listed too (the faithful mode leaves it out)
      expect(all).toContainEqual({ Cid: missing, Type: 'recursive' })
      expect(new Set(all.map(e => e.Cid)).size).toBe(all.length)
      // every pin of the pinset this node answers for: its own claims and the undercluster's own
      // pins, not those another node released (expiring) nor the registry of composite nodes
      const allocations = (await (await fetch(`${uc.restUrls[0]}/allocations?filter=pin`)).text()).split('\n').filter(l => l.trim() !== '')
      const answered = allocations.map(line => JSON.parse(line) as { cid: string, metadata: Record<string, string> | null })
        .filter(pin => pin.metadata?.['composite-owner.pins-node'] !== undefined || !Object.keys(pin.metadata ?? {}).some(key => key.startsWith('composite-')))
      expect(all.map(e => e.Cid).sort()).toEqual(answered.map(pin => pin.cid).sort())

      const recursive = await collect(pinset.pinLs!([], { type: 'recursive' }))
      expect(recursive.every(e => e.Type === 'recursive')).toBe(true)
      expect(recursive.map(e => e.Cid)).toEqual(expect.arrayContaining([rec!.Hash, missing]))
      expect(recursive.map(e => e.Cid)).not.toContain(dir!.Hash)
      const direct = await collect(pinset.pinLs!([], { type: 'direct' }))
      expect(direct).toContainEqual({ Cid: dir!.Hash, Type: 'direct' })
      expect(direct.every(e => e.Type === 'direct')).toBe(true)
      expect(await collect(pinset.pinLs!([], { type: 'indirect' }))).toEqual([])
      expect(await collect(pinset.pinLs!([], { names: true, type: 'direct' }))).toContainEqual({ Cid: dir!.Hash, Type: 'direct' })
      await expect(collect(pinset.pinLs!([], { type: 'bogus' }))).rejects.toThrow("invalid type 'bogus', must be one of {direct, indirect, recursive, all}")

      // lookups keep the real status
      expect(await collect(pinset.pinLs!([dir!.Hash]))).toEqual([{ Cid: dir!.Hash, Type: 'direct' }])
      await expect(collect(pinset.pinLs!([missing]))).rejects.toThrow(`path '${missing}' is not pinned`)
    } finally {
      await uc.peers[0]!.rest(`/pins/${missing}`, { method: 'DELETE' })
      await pinset.stop?.()
    }
  })

  it('concurrent pin waits share status calls: lookups made while calls are busy go out together', async () => {
    const lines = await kuboAdd(uc.kubos[0]!, Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i}.txt`, unique(`status-${i}`)])))
    const cids = lines.map(l => l.Hash)
    await Promise.all(cids.map(async cid => await uc.peers[0]!.rest(`/pins/${cid}`, { method: 'POST' })))
    const paths: string[] = []
    const agent = new Agent().compose(dispatch => (opts, handler) => { paths.push(String(opts.path)); return dispatch(opts, handler) })
    const rest = new RestClient({ endpoints: uc.restUrls.slice(0, 1), dispatcher: agent })
    try {
      const lookup = statusBatcher(rest)
      const infos = await Promise.all([...cids, cids[0]!].map(async cid => await lookup(cid)))
      // two calls at once, alone; the nine other lookups wait and go out as one (the repeated CID
      // too: its own call was already out, and a poll wants a fresh answer)
      expect(paths).toHaveLength(3)
      expect(paths.slice(0, 2).sort()).toEqual([`/pins/${cids[0]}`, `/pins/${cids[1]}`].sort())
      expect(new URL(paths[2]!, 'http://x').searchParams.get('cids')?.split(',').sort()).toEqual([...cids.slice(2), cids[0]].sort())
      expect(infos.map(i => i?.cid)).toEqual([...cids, cids[0]])
      // the same answer as each CID's own status
      const own = await uc.peers[0]!.rest<{ cid: string, peer_map: Record<string, unknown> }>(`/pins/${cids[5]}`)
      expect(Object.keys(infos[5]!.peer_map ?? {}).sort()).toEqual(Object.keys(own.peer_map).sort())

      const aborted = new AbortController()
      const pending = lookup(cids[3]!, aborted.signal)
      aborted.abort()
      await expect(pending).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    } finally {
      await rest.close()
      await agent.close()
      await Promise.all(cids.map(async cid => await uc.peers[0]!.rest(`/pins/${cid}`, { method: 'DELETE' })))
    }
  })

  it('pin/rm unpins, and an unknown CID answers exactly "not pinned or pinned indirectly"', async () => {
    const [line] = await kuboAdd(uc.kubos[0]!, { 'rm.txt': unique('rm') })
    await collect(backend.pinAdd!([line!.Hash]))
    expect(await backend.pinRm!([line!.Hash])).toEqual({ Pins: [line!.Hash] })
    // this node's claim is gone at once: for it the CID is not pinned any more
    await expect(collect(backend.pinLs!([line!.Hash]))).rejects.toThrow(`path '${line!.Hash}' is not pinned`)
    // alone on its undercluster (the only node in its registry), the node removes the pin at once, as it always did
    expect(await allocation(line!.Hash)).toBeUndefined()
    await uc.waitFor(async () => (await kuboPinType(uc.kubos[1]!, line!.Hash)) === undefined, { message: 'unpinned at the bottom' })
    const err = await backend.pinRm!([line!.Hash]).then(() => undefined, (e: unknown) => e as Error & { code: string, status: number })
    expect(err?.message).toBe('not pinned or pinned indirectly')
    expect(err).toMatchObject({ code: 'ERR_COMMAND', status: 500 })
  })

  it('pin/update pins the new CID, waits, then unpins the old one', async () => {
    const [from] = await kuboAdd(uc.kubos[0]!, { 'v1.txt': unique('v1') })
    const [to] = await kuboAdd(uc.kubos[0]!, { 'v2.txt': unique('v2') })
    await collect(backend.pinAdd!([from!.Hash]))
    expect(await backend.pinUpdate!(from!.Hash, to!.Hash)).toEqual({ Pins: [from!.Hash, to!.Hash] })
    for (const kubo of uc.kubos) expect(await kuboPinType(kubo, to!.Hash)).toBe('recursive')
    // the old pin is this node's no more (alone on the undercluster, it is gone at once)
    expect(Object.keys((await allocation(from!.Hash))?.metadata ?? {})).not.toContain('composite-owner.pins-node')
    await expect(collect(backend.pinLs!([from!.Hash]))).rejects.toThrow('is not pinned')

    const [next] = await kuboAdd(uc.kubos[0]!, { 'v3.txt': unique('v3') })
    await backend.pinUpdate!(to!.Hash, next!.Hash, { unpin: false })
    expect(await collect(backend.pinLs!([to!.Hash, next!.Hash]))).toHaveLength(2)
    await expect(backend.pinUpdate!(from!.Hash, next!.Hash)).rejects.toThrow("'from' cid was not recursively pinned already")
  })

  it('a pin of content nobody has fails with PinFailedError when pinWait.timeout passes', async () => {
    const impatient = clusterConnector({ rest: uc.restUrls, pinWait: { timeout: 3_000, pollInterval: 200, progressInterval: 500 } })
    const missing = await missingCid(uc.kubos[0]!)
    const started = Date.now()
    const events: PinAddEvent[] = []
    try {
      const err = await (async () => { for await (const e of impatient.pinAdd!([missing], { progress: true })) events.push(e) })().catch((e: unknown) => e as Error & { code: string, abortStream: boolean })
      expect(err).toMatchObject({ code: 'ERR_PIN_FAILED', abortStream: true })
      expect(err?.message).toMatch(new RegExp(`^undercluster http://127\\.0\\.0\\.1:\\d+.*: pin ${missing} not done after 3000 ms \\(0/2 peers pinned\\).*pinning`))
      expect(Date.now() - started).toBeLessThan(6_000)
      expect(events.length).toBeGreaterThanOrEqual(4)
      expect(events.every(e => e.Pins === undefined)).toBe(true)
    } finally {
      await impatient.stop?.()
      await uc.peers[0]!.rest(`/pins/${missing}`, { method: 'DELETE' })
    }
  })

  it('pins with the name template, metadata and replication of the init, waiting for that factor', async () => {
    const named = clusterConnector({ rest: uc.restUrls, name: 'oc:{name}:{cid}', metadata: { origin: 'test' }, replicationMin: 1, replicationMax: 1, pinWait: { pollInterval: 200 } })
    try {
      const [line] = await kuboAdd(uc.kubos[0]!, { 'named.txt': unique('named') })
      expect(await collect(named.pinAdd!([line!.Hash], { name: 'n1' }))).toEqual([{ Pins: [line!.Hash] }])
      const pin = await uc.peers[0]!.rest<Record<string, unknown>>(`/allocations/${line!.Hash}`)
      expect(pin).toMatchObject({ name: `oc:n1:${line!.Hash}`, metadata: { origin: 'test' }, replication_factor_min: 1, replication_factor_max: 1 })
      // through the node, the name its client gave (Kubo's pin/ls --names)
      expect(await collect(named.pinLs!([line!.Hash], { names: true }))).toEqual([{ Cid: line!.Hash, Type: 'recursive', Name: 'n1' }])
      const holders = await Promise.all(uc.kubos.map(async k => await kuboPinType(k, line!.Hash)))
      expect(holders.filter(t => t === 'recursive').length).toBeGreaterThanOrEqual(1)
    } finally {
      await named.stop?.()
    }
  })

  it('pins a path below a CID, resolved through the undercluster\'s Kubos (never by a write that would hide other claims)', async () => {
    const lines = await kuboAdd(uc.kubos[0]!, { 'p.txt': unique('path') }, { 'wrap-with-directory': 'true' })
    const root = lines.at(-1)!.Hash
    await expect(collect(backend.pinAdd!([`/ipfs/${root}/p.txt`]))).rejects.toMatchObject({
      code: 'ERR_NOT_SUPPORTED',
      message: `resolving /ipfs/${root}/p.txt needs the ipfs endpoints of undercluster ${uc.restUrls.join(',')} (the \`ipfs\` option)`
    })
    const ipfs = kuboConnector({ endpoints: uc.kubos.map(k => k.apiUrl) })
    const resolving = clusterConnector({ rest: uc.restUrls, ipfs, nodeId: 'pins-node', pinWait: { pollInterval: 200 } })
    try {
      expect(await collect(resolving.pinAdd!([`/ipfs/${root}/p.txt`]))).toEqual([{ Pins: [lines[0]!.Hash] }])
      expect(await kuboPinType(uc.kubos[1]!, lines[0]!.Hash)).toBe('recursive')
    } finally {
      await resolving.stop?.()
      await ipfs.stop()
    }
  })

  it('a pin/add its caller aborts before the pin is done leaves no claim of this node behind', async () => {
    const missing = await missingCid(uc.kubos[0]!)
    const stop = new AbortController()
    const pin = backend.pinAdd!([missing], { progress: true, signal: stop.signal })[Symbol.asyncIterator]()
    // the first Progress line comes after the claim was written
    expect((await pin.next()).value).toEqual({ Progress: 1 })
    expect(Object.keys((await allocation(missing))?.metadata ?? {})).toContain('composite-owner.pins-node')
    stop.abort()
    await expect(pin.next()).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    await uc.waitFor(async () => !Object.keys((await allocation(missing))?.metadata ?? {}).includes('composite-owner.pins-node'), { message: 'the claim to be withdrawn' })
    await expect(collect(backend.pinLs!([missing]))).rejects.toThrow('is not pinned')
  })

  it('a claim that a concurrent writer dropped (last writer wins) is written again while the pin waits', async () => {
    const outsider = await startKubo({ name: 'late-content' })
    try {
      const [line] = await kuboAdd(outsider, { 'late.txt': unique('late') })
      const cid = line!.Hash
      const pin = collect(backend.pinAdd!([cid], { progress: true }))
      await uc.waitFor(async () => Object.keys((await allocation(cid))?.metadata ?? {}).includes('composite-owner.pins-node'), { message: 'the claim' })
      // another node's write, made from a read older than ours, lands last: only its own claim is on
      // the pin (written on the peer this node reads from, so the checks below see it at once)
      const stale = JSON.stringify({ t: 'other', at: new Date().toISOString() })
      const written = await uc.peers[0]!.rest<{ metadata: Record<string, string> }>(`/pins/${cid}?meta-composite-owner.other-node=${encodeURIComponent(stale)}`, { method: 'POST' })
      expect(Object.keys(written.metadata)).toEqual(['composite-owner.other-node'])
      // the wait's next status answer shows the claim gone: it is written again, beside the other one
      await uc.waitFor(async () => Object.keys((await allocation(cid))?.metadata ?? {}).includes('composite-owner.pins-node'), { message: 'the claim to be written again' })
      expect(Object.keys((await allocation(cid))?.metadata ?? {})).toContain('composite-owner.other-node')
      await connectKubos([outsider, ...uc.kubos])
      expect((await pin).at(-1)).toEqual({ Pins: [cid] })
    } finally {
      await outsider.stop()
    }
  })

  it('two concurrent pin/adds of one CID through this node share the claim, and both succeed', async () => {
    const [line] = await kuboAdd(uc.kubos[0]!, { 'twice.txt': unique('twice') })
    const [first, second] = await Promise.all([collect(backend.pinAdd!([line!.Hash], { progress: true })), collect(backend.pinAdd!([line!.Hash], { progress: true }))])
    expect(first.at(-1)).toEqual({ Pins: [line!.Hash] })
    expect(second.at(-1)).toEqual({ Pins: [line!.Hash] })
    expect(await collect(backend.pinLs!([line!.Hash]))).toEqual([{ Cid: line!.Hash, Type: 'recursive' }])
  })

  it('id is one undercluster Kubo, stable; version is semver', async () => {
    const first = await backend.id!(undefined)
    expect(uc.kubos.map(k => k.peerId)).toContain(first.ID)
    expect(first.Addresses?.length).toBeGreaterThan(0)
    expect((await backend.id!(undefined)).ID).toBe(first.ID)
    expect((await backend.version!()).Version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('starts again after stop(): calls fail with ClientClosedError while stopped, and work after start()', async () => {
    const restartable = clusterConnector({ rest: uc.restUrls, nodeId: 'restart-node', pinWait: { pollInterval: 200 } })
    try {
      // this node's entry in the undercluster's registry of composite nodes
      const registered = async (): Promise<boolean> => {
        const pin = await allocation(REGISTRY_CID) as { metadata: Record<string, string> | null } | undefined
        return pin?.metadata?.[`${FRONT_PREFIX}restart-node`] !== undefined
      }
      await restartable.stop!() // before any start: nothing to stop
      await restartable.start!()
      await restartable.start!() // twice: one entry, one keeper
      expect(await registered()).toBe(true)
      const before = await restartable.id!(undefined)
      await restartable.stop!()
      expect(await registered()).toBe(false) // its share goes to the others at once
      await expect(restartable.id!(undefined)).rejects.toMatchObject({ name: 'ClientClosedError', code: 'ERR_CLIENT_CLOSED' })
      await expect(collect(restartable.pinLs!([], {}))).rejects.toMatchObject({ code: 'ERR_CLIENT_CLOSED' })
      await restartable.start!()
      expect(await registered()).toBe(true)
      expect((await restartable.id!(undefined)).ID).toBe(before.ID)
      const [line] = await kuboAdd(uc.kubos[0]!, { 'again.txt': unique('restart') })
      expect(await collect(restartable.pinAdd!([line!.Hash]))).toEqual([{ Pins: [line!.Hash] }])
      expect(await collect(restartable.pinLs!([line!.Hash], {}))).toEqual([{ Cid: line!.Hash, Type: 'recursive' }])
      expect(await restartable.pinRm!([line!.Hash])).toEqual({ Pins: [line!.Hash] })
    } finally {
      await restartable.stop!()
    }
  })
})
