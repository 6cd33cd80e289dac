import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { printLogsOnFailure, startKubo, startOvercluster } from '../../src/index.ts'
import type { KuboDaemon, Overcluster } from '../../src/index.ts'

async function addFile (kubo: KuboDaemon, text: string): Promise<string> {
  const file = join(kubo.repoPath, `${Date.now()}.txt`)
  await writeFile(file, text)
  const added = await kubo.cli(['add', '-Q', '--pin=false', file])
  expect(added.code).toBe(0)
  return added.stdout.trim()
}

// the overcluster machinery itself, attached to plain Kubos (which speak the Kubo RPC API too);
// composite nodes in front of backends are attached in composite-node.spec.ts
describe('startOvercluster', () => {
  let kubos: KuboDaemon[] = []
  let oc: Overcluster | undefined

  beforeAll(async () => {
    kubos = await Promise.all([startKubo({ name: 'kubo-a' }), startKubo({ name: 'kubo-b' })])
    await kubos[0].rpc('swarm/connect', { arg: kubos[1].swarmAddresses[0] })
    const t0 = Date.now()
    oc = await startOvercluster({ attach: kubos.map((kubo) => kubo.apiMultiaddr), pinTimeout: '30s', replicationMin: 1, replicationMax: 1 })
    console.info(`2-peer overcluster started in ${Date.now() - t0} ms`)
  })
  beforeEach(printLogsOnFailure(() => [...(oc?.peers ?? []), ...kubos]))
  afterAll(async () => {
    await oc?.stop()
    await Promise.all(kubos.map(async (kubo) => { await kubo.stop() }))
  })

  it('drives the attached daemons, and owns no Kubo', async () => {
    expect(oc!.peers.map((peer) => peer.ipfsMultiaddr)).toEqual(kubos.map((kubo) => kubo.apiMultiaddr))
    expect(oc!.peers.every((peer) => peer.kubo === undefined)).toBe(true)
    const ids = await Promise.all(oc!.peers.map(async (peer) => (await peer.rest<{ ipfs: { id: string } }>('/id')).ipfs.id))
    expect(ids).toEqual(kubos.map((kubo) => kubo.peerId))
  })

  it('allocates a pin with replication 1 to exactly one daemon', async () => {
    await oc!.waitForMetrics('freespace')
    const cid = await addFile(kubos[0], `one copy ${Date.now()}\n`)
    const pin = await oc!.peers[0].rest<{ allocations: string[] }>(`/pins/${cid}`, { method: 'POST' })
    expect(pin.allocations).toHaveLength(1)
    const info = await oc!.waitForStatus(cid, 'pinned')
    const pinnedOn = Object.entries(info.peer_map).filter(([, peer]) => peer.status === 'pinned').map(([id]) => id)
    expect(pinnedOn).toEqual(pin.allocations)
  })
})
