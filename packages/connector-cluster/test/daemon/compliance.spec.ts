import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { startUndercluster } from '@composite-ipfs/testbed'
import { backendTests } from '@composite-ipfs/testbed/compliance'
import { clusterConnector } from '../../src/index.ts'
import { kuboAdd } from './helpers.ts'
import type { Backend } from '@composite-ipfs/interface'
import type { Undercluster } from '@composite-ipfs/testbed'

let uc: Undercluster | undefined
let ipfs: Backend | undefined

backendTests({
  name: 'cluster connector',
  async setup () {
    uc = await startUndercluster({ peers: 1 })
    const [line] = await kuboAdd(uc.kubos[0]!, { 'big.bin': new Uint8Array(2 * 1024 * 1024).map((_, i) => i % 251) })
    ipfs = kuboConnector({ endpoints: uc.kubos.map((kubo) => kubo.apiUrl) })
    const backend = clusterConnector({ rest: uc.restUrls, ipfs, nodeId: 'compliance-node', pinWait: { pollInterval: 200 } })
    await backend.start?.()
    return { backend, big: line!.Hash }
  },
  async teardown (fixture) {
    await fixture?.backend.stop?.()
    await ipfs?.stop?.()
    await uc?.stop()
  }
})
