import type { ClusterPin, GlobalPinInfo, PeerPinStatus } from './rest-types.ts'

/**
 * When a pin counts as done. `replication-min`: as many peers as the pin's effective
 * `replication_factor_min` (every live peer for `-1`); `all`: every allocated peer (every
 * live peer for everywhere pins); a number: that many peers; `accepted`: as soon as the
 * undercluster committed the pin to its shared state (upstream proxy behaviour).
 */
export type PinWaitPolicy = 'replication-min' | 'accepted' | 'all' | number

export interface PinVerdict {
  state: 'pinned' | 'pending' | 'failed'
  pinned: number
  needed: number
  /** `peername (id): status[: error]` for every peer considered */
  peers: string[]
  /** The same, for the considered peers that failed (`pin_error`, `error`): they pin again only on `recover` */
  failed: string[]
}

/** Statuses after which a peer will not pin without an outside retry (`recover`) */
const FAILED = new Set(['pin_error', 'error'])
/** A peer that cannot be asked: its status says nothing about the pin */
const UNREACHABLE = 'cluster_error'

/**
 * Judges one `GET /pins/{cid}` answer. Everywhere pins (`-1`, no allocations) wait only for
 * peers that are alive: a peer answering `cluster_error`, or listed in `deadPeers` (from
 * `/peers`: dial error, or its Kubo down), is left out, so a dead peer never blocks the wait.
 * A pin fails when the peers that can still pin are fewer than needed.
 */
export function judgePin (pin: ClusterPin, info: GlobalPinInfo, policy: PinWaitPolicy, deadPeers: ReadonlySet<string> = new Set()): PinVerdict {
  const peerMap = Object.entries(info.peer_map ?? {})
  const allocations = nonEmpty(info.allocations) ?? nonEmpty(pin.allocations) ?? []
  const everywhere = pin.replication_factor_min === -1 || allocations.length === 0
  const considered = everywhere
    ? peerMap.filter(([id, s]) => s.status !== UNREACHABLE && !deadPeers.has(id))
    : peerMap.filter(([id]) => allocations.includes(id))
  const pinned = considered.filter(([, s]) => s.status === 'pinned').length
  const possible = considered.filter(([, s]) => !FAILED.has(s.status)).length
  const needed = neededPeers(policy, pin, everywhere, considered.length, allocations.length)
  const peers = peerMap.map(([id, s]) => describePeer(id, s))
  const failed = considered.filter(([, s]) => FAILED.has(s.status)).map(([id, s]) => describePeer(id, s))
  if (pinned >= needed) return { state: 'pinned', pinned, needed, peers, failed }
  return { state: possible < needed ? 'failed' : 'pending', pinned, needed, peers, failed }
}

function neededPeers (policy: PinWaitPolicy, pin: ClusterPin, everywhere: boolean, alive: number, allocated: number): number {
  if (typeof policy === 'number') return Math.max(1, policy)
  if (everywhere) return Math.max(1, alive)
  if (policy === 'all') return Math.max(1, allocated)
  return Math.max(1, pin.replication_factor_min ?? 1)
}

function nonEmpty (list: string[] | null | undefined): string[] | undefined {
  return list != null && list.length > 0 ? list : undefined
}

function describePeer (id: string, s: PeerPinStatus): string {
  const who = s.peername != null && s.peername !== '' ? `${s.peername} (${id})` : id
  return s.error != null && s.error !== '' ? `${who}: ${s.status}: ${s.error}` : `${who}: ${s.status}`
}
