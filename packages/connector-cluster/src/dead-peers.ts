import { raceSignal } from '@composite-ipfs/interface'
import { LRUCache } from 'lru-cache'
import type { RestClient } from './rest-client.ts'
import type { ClusterPeerId } from './rest-types.ts'

/**
 * Cluster peers that cannot pin now, from `GET /peers`: the dial failed (`error`), or the
 * peer's Kubo is down (`ipfs.error`). Cached for `ttl` ms and shared by concurrent waits: the
 * lookup is the cache's, and each caller races only its own signal. When `/peers` itself fails
 * the set is empty (statuses then speak alone).
 */
export function deadPeers (rest: RestClient, ttl = 5_000): (signal?: AbortSignal) => Promise<ReadonlySet<string>> {
  const cache = new LRUCache<'peers', ReadonlySet<string>>({
    max: 1,
    ttl,
    fetchMethod: async (_key, _stale, { signal }) => await listDead(rest, signal).catch(() => new Set<string>())
  })
  return async (signal) => await raceSignal(cache.fetch('peers') as Promise<ReadonlySet<string>>, signal)
}

async function listDead (rest: RestClient, signal: AbortSignal): Promise<ReadonlySet<string>> {
  const dead = new Set<string>()
  for await (const peer of await rest.stream<ClusterPeerId>('GET', '/peers', { timeout: 30_000, signal })) {
    if (isSet(peer.error) || isSet(peer.ipfs?.error)) dead.add(peer.id)
  }
  return dead
}

function isSet (text: string | undefined): boolean {
  return text != null && text !== ''
}
