import type { Cluster, GlobalPinInfo, KuboDaemon } from '@composite-ipfs/testbed'

/** The clusters of a topology, top first, as the placement table shows them */
export interface TopologyView {
  overclusters: Array<{ name: string, cluster: Cluster }>
  underclusters: Array<{ name: string, cluster: Cluster, kubos: KuboDaemon[] }>
}

/**
 * One row per place the content can be: overcluster peers, undercluster peers (with the
 * composite nodes that own the undercluster's pin, when nodes share it), bottom Kubos
 */
export async function placement (view: TopologyView, cid: string): Promise<string[][]> {
  const rows: string[][] = []
  const clusterRows = async (level: string, cluster: Cluster): Promise<void> => {
    const info = await cluster.peers[0]!.rest<GlobalPinInfo>(`/pins/${cid}`)
    const peers = Object.entries(info.peer_map ?? {}).sort(([, a], [, b]) => a.peername.localeCompare(b.peername))
    for (const [id, peer] of peers) {
      rows.push([level, peer.peername || id.slice(-8), peer.status + (peer.error !== '' && peer.error != null ? ` (${peer.error})` : '')])
    }
  }
  for (const { name, cluster } of view.overclusters) await clusterRows(name, cluster)
  for (const { name, cluster, kubos } of view.underclusters) {
    await clusterRows(name, cluster)
    const pin = await cluster.peers[0]!.rest<{ metadata: Record<string, string> | null, expire_at?: string }>(`/allocations/${cid}`).catch(() => undefined)
    const owners = Object.keys(pin?.metadata ?? {}).filter(key => key.startsWith('composite-owner.')).map(key => key.slice('composite-owner.'.length))
    if (pin !== undefined && owners.length > 0) rows.push([`  ${name} pin`, 'owners', owners.sort().join(', ')])
    else if (pin?.metadata?.['composite-released'] !== undefined) rows.push([`  ${name} pin`, 'owners', `none: expires ${pin.expire_at ?? ''}`])
    for (const kubo of kubos) {
      const pinned = await kubo.rpc('pin/ls', { arg: cid, stream: 'true' }).then(
        (answer) => (answer as { Type?: string }).Type ?? 'pinned',
        (err: Error) => /not pinned/.test(err.message) ? 'not pinned' : `error: ${err.message}`)
      rows.push([`  bottom Kubo (${name})`, kubo.name, pinned])
    }
  }
  return rows
}
