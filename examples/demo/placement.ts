import type { MultiRing } from '@composite-ipfs/interop'
import type { GlobalPinInfo } from '@composite-ipfs/testbed'

/** One row per place the content can be: overcluster peers, undercluster peers, bottom Kubos */
export async function placement (ring: MultiRing, cid: string): Promise<string[][]> {
  const rows: string[][] = []
  const clusterRows = async (level: string, rest: (path: string) => Promise<unknown>): Promise<void> => {
    const info = await rest(`/pins/${cid}`) as GlobalPinInfo
    const peers = Object.entries(info.peer_map ?? {}).sort(([, a], [, b]) => a.peername.localeCompare(b.peername))
    for (const [id, peer] of peers) {
      rows.push([level, peer.peername || id.slice(-8), peer.status + (peer.error !== '' && peer.error != null ? ` (${peer.error})` : '')])
    }
  }
  await clusterRows('overcluster', async path => ring.overcluster.peers[0].rest(path))
  for (const [i, uc] of ring.underclusters.entries()) {
    await clusterRows(`undercluster ${i + 1}`, async path => uc.peers[0].rest(path))
    for (const kubo of uc.kubos) {
      const pinned = await kubo.rpc('pin/ls', { arg: cid, stream: 'true' }).then(
        (answer) => (answer as { Type?: string }).Type ?? 'pinned',
        (err: Error) => /not pinned/.test(err.message) ? 'not pinned' : `error: ${err.message}`)
      rows.push([`  bottom Kubo (undercluster ${i + 1})`, kubo.name, pinned])
    }
  }
  return rows
}
