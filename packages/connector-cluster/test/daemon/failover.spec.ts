import { startUndercluster } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clusterConnector } from '../../src/index.ts'
import { collect, kuboAdd, kuboPinType, unique } from './helpers.ts'
import type { Backend } from '@composite-ipfs/interface'
import type { Undercluster } from '@composite-ipfs/testbed'

const PINS = 60

describe('failover between REST endpoints, and a dead undercluster peer', () => {
  let uc: Undercluster
  let backend: Backend

  beforeAll(async () => {
    uc = await startUndercluster({ peers: 2 })
    // peer 0 first: it is the one that dies
    backend = clusterConnector({ rest: uc.restUrls, timeouts: { connect: 1_000 }, pinWait: { pollInterval: 100, timeout: 60_000 } })
  })

  afterAll(async () => {
    await backend?.stop?.()
    await uc?.stop()
  })

  it(`loses none of ${PINS} pins when one REST endpoint is killed during the run`, async () => {
    // content on the Kubo that stays up, as separate files
    const files = Object.fromEntries(Array.from({ length: PINS }, (_, i) => [`f${i}.txt`, unique(`fo${i}`)]))
    const cids = (await kuboAdd(uc.kubos[1]!, files)).map(line => line.Hash)
    let done = 0
    let killed = false
    const queue = [...cids]
    const worker = async (): Promise<void> => {
      for (let cid = queue.shift(); cid !== undefined; cid = queue.shift()) {
        expect(await collect(backend.pinAdd!([cid]))).toEqual([{ Pins: [cid] }])
        if (++done === 15 && !killed) {
          killed = true
          process.kill(uc.peers[0]!.pid, 'SIGKILL')
        }
      }
    }
    await Promise.all(Array.from({ length: 4 }, worker))
    expect(killed).toBe(true)
    const listed = new Set((await collect(backend.pinLs!([], { type: 'recursive' }))).map(e => e.Cid))
    for (const cid of cids) {
      expect(listed.has(cid)).toBe(true)
      expect(await kuboPinType(uc.kubos[1]!, cid)).toBe('recursive')
    }
  })

  it('an everywhere pin with an undercluster peer down completes with the live peers', async () => {
    const [line] = await kuboAdd(uc.kubos[1]!, { 'alive.txt': unique('alive') })
    // a wait that counted the dead peer would never be done: it would end in PinFailedError
    expect(await collect(backend.pinAdd!([line!.Hash], { progress: true }))).toContainEqual({ Pins: [line!.Hash] })
    const info = await uc.peers[1]!.rest<{ peer_map: Record<string, { status: string }> }>(`/pins/${line!.Hash}`)
    // the dead peer is `cluster_error` while its last ping metric is valid (4 s), and leaves the
    // peerset (and the peer_map) once it expires: which one depends on how long the test took
    // since the kill, so either is right, and neither is a pin
    const dead = info.peer_map[uc.peers[0]!.id]?.status
    expect(dead === undefined || dead === 'cluster_error', `dead peer's status: ${String(dead)}`).toBe(true)
    expect(info.peer_map[uc.peers[1]!.id]?.status).toBe('pinned')
  })
})
