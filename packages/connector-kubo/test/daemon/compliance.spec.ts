import { startKubo } from '@composite-ipfs/testbed'
import { backendTests } from '@composite-ipfs/testbed/compliance'
import { kuboConnector } from '../../src/index.ts'
import type { KuboDaemon } from '@composite-ipfs/testbed'

let kubo: KuboDaemon | undefined

backendTests({
  name: 'kubo connector',
  async setup () {
    kubo = await startKubo()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(2 * 1024 * 1024).map((_, i) => i % 251)]), 'big.bin')
    const res = await fetch(`${kubo.apiUrl}/api/v0/add?pin=false`, { method: 'POST', body: form })
    const { Hash } = await res.json() as { Hash: string }
    const backend = kuboConnector({ endpoints: [kubo.apiUrl] })
    await backend.start()
    return { backend, big: Hash }
  },
  async teardown (fixture) {
    await fixture?.backend.stop?.()
    await kubo?.stop()
  }
})
