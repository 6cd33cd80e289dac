import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { compositeNode, printLogsOnFailure, startKubo, startOvercluster } from '../../src/index.ts'
// by path, not by package name: connector-kubo depends on the testbed for its own tests, and a
// dependency back would make the workspace graph cyclic
import { kuboConnector } from '../../../connector-kubo/src/index.ts'
import type { CompositeNode, KuboDaemon, Overcluster } from '../../src/index.ts'

describe('compositeNode in front of a real Kubo, and an overcluster over composite nodes', () => {
  let kubos: KuboDaemon[] = []
  let nodes: CompositeNode[] = []
  let oc: Overcluster | undefined

  beforeAll(async () => {
    kubos = await Promise.all([startKubo({ name: 'kubo-a' }), startKubo({ name: 'kubo-b' })])
    await kubos[0].rpc('swarm/connect', { arg: kubos[1].swarmAddresses[0] })
    nodes = await Promise.all(kubos.map(async (kubo) => await compositeNode({ backend: kuboConnector({ endpoints: [kubo.apiUrl] }) })))
  })
  beforeEach(printLogsOnFailure(() => [...(oc?.peers ?? []), ...kubos]))
  afterAll(async () => {
    await oc?.stop()
    await Promise.allSettled(nodes.map(async (node) => { await node.stop() }))
    await Promise.allSettled(kubos.map(async (kubo) => { await kubo.stop() }))
  })

  it('listens on loopback and answers like the Kubo behind it', async () => {
    const [node] = nodes
    expect(node.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(node.multiaddr).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+$/)
    expect(node.addresses[0]).toEqual({ url: node.url, multiaddr: node.multiaddr })
    expect((await node.rpc<{ ID: string }>('id')).ID).toBe(kubos[0].peerId)
    const viaCli = await kubos[0].cli(['--api', node.multiaddr, 'id', '-f', '<id>'])
    expect(viaCli.stdout.trim()).toBe(kubos[0].peerId)
  })

  it('carries an overcluster whose pins land in the Kubos behind the composite nodes', async () => {
    const t0 = Date.now()
    oc = await startOvercluster({ attach: nodes.map((node) => node.multiaddr), pinTimeout: '30s' })
    console.info(`overcluster over 2 composite nodes started in ${Date.now() - t0} ms`)
    const file = join(kubos[0].repoPath, 'over.txt')
    await writeFile(file, `through the composite nodes ${Date.now()}\n`)
    const cid = (await kubos[0].cli(['add', '-Q', '--pin=false', file])).stdout.trim()
    await oc.peers[1].rest(`/pins/${cid}`, { method: 'POST' })
    await oc.waitForStatus(cid, 'pinned')
    for (const kubo of kubos) {
      const pins = await kubo.rpc<{ Keys: Record<string, { Type: string }> }>('pin/ls', { arg: cid })
      expect(pins.Keys[cid].Type).toBe('recursive')
    }
  })

  it('stop() closes the listener', async () => {
    const node = await compositeNode({ backend: kuboConnector({ endpoints: [kubos[0].apiUrl] }) })
    await node.stop()
    await expect(fetch(`${node.url}/api/v0/id`, { method: 'POST' })).rejects.toThrow()
    await node.stop()
  })
})
