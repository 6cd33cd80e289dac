import type { RestClient } from './rest-client.ts'
import type { ClusterPeerId } from './rest-types.ts'

/**
 * Cluster peers that cannot pin now, from `GET /peers`: the dial failed (`error`), or the
 * peer's Kubo is down (`ipfs.error`). Cached for `ttl` ms and shared by concurrent waits;
 * when `/peers` itself fails the set is empty (statuses then speak alone).
 */
export function deadPeers (rest: RestClient, ttl = 5_000): (signal?: AbortSignal) => Promise<ReadonlySet<string>> {
  let cached: { at: number, value: Promise<ReadonlySet<string>> } | undefined
  return async () => {
    if (cached !== undefined && Date.now() - cached.at < ttl) return await cached.value
    // not tied to one caller's signal: the answer is shared
    const value = listDead(rest).catch(() => new Set<string>())
    cached = { at: Date.now(), value }
    return await value
  }
}

async function listDead (rest: RestClient): Promise<ReadonlySet<string>> {
  const dead = new Set<string>()
  for await (const peer of await rest.stream<ClusterPeerId>('GET', '/peers', { timeout: 30_000 })) {
    if (isSet(peer.error) || isSet(peer.ipfs?.error)) dead.add(peer.id)
  }
  return dead
}

function isSet (text: string | undefined): boolean {
  return text != null && text !== ''
}
