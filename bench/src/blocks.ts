import { randomBytes } from 'node:crypto'
import { encodeMultipart } from '@composite-ipfs/rpc-client'
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { call, callJson, eachLine, rpcUrl } from './http.ts'
import { waitForPinned } from './cluster-status.ts'
import type { ClusterSide } from './topology.ts'
import type { FileEntry } from '@composite-ipfs/interface'
import type { Dispatcher } from 'undici'

const RAW = 0x55

async function * once (bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}
const BLOCKS_PER_REQUEST = 200

/**
 * Stores `count` blocks of `size` random bytes in a Kubo (`block/put`, many parts per request)
 * and returns their CIDs, so pins have real content to fetch.
 */
export async function putRandomBlocks (agent: Dispatcher, kuboUrl: string, count: number, size = 256): Promise<string[]> {
  const cids: string[] = []
  for (let done = 0; done < count; done += BLOCKS_PER_REQUEST) {
    const n = Math.min(BLOCKS_PER_REQUEST, count - done)
    const entries: FileEntry[] = Array.from({ length: n }, () => ({ path: '', type: 'file', content: once(randomBytes(size)) }))
    const { contentType, body } = encodeMultipart(entries)
    const res = await call(agent, rpcUrl(kuboUrl, 'block/put', { 'cid-codec': 'raw' }), { body, headers: { 'content-type': contentType } })
    await eachLine(res.body, (line) => { cids.push((JSON.parse(line) as { Key: string }).Key) })
  }
  return cids
}

/**
 * `count` distinct identity CIDs (`bafkqa…`, raw codec): the content is inside the CID, so
 * Kubo pins them without storing or fetching any block. `prefix` keeps sets apart.
 */
export function identityCids (count: number, prefix: string): string[] {
  const encoder = new TextEncoder()
  return Array.from({ length: count }, (_, i) => CID.createV1(RAW, identity.digest(encoder.encode(`${prefix}-${i}`))).toString())
}

/** A small block stored in the side's Kubo and pinned through its cluster (waits until pinned) */
export async function pinnedSmallCid (agent: Dispatcher, side: ClusterSide): Promise<string> {
  const [cid] = await putRandomBlocks(agent, side.kubo.apiUrl, 1)
  await callJson(agent, `${side.restUrl}/pins/${cid}`, { method: 'POST' })
  await waitForPinned(agent, side.restUrl, [cid], side.cluster.peers.length, 60_000)
  return cid
}
