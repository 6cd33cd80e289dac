/**
 * Shapes of the ipfs-cluster REST API (v1.1.6, `api/types.go`), as seen on the wire:
 * snake_case keys, CIDs as plain strings. Only the fields this connector reads are typed.
 */

/** A pin of the shared pinset: `POST /pins/...`, `GET /allocations[/{cid}]` */
export interface ClusterPin {
  cid: string
  name?: string
  /** `recursive` or `direct`; trust `max_depth` over it on a `POST` answer (see pin-add.ts) */
  mode?: string
  /** `-1` recursive, `0` direct, `>0` shard pins */
  max_depth?: number
  /** `pin`, `meta-pin`, `clusterdag-pin`, `shard-pin` */
  type?: string
  replication_factor_min?: number
  replication_factor_max?: number
  /** Cluster peer IDs; empty when pinned everywhere */
  allocations?: string[] | null
  /** `meta-<key>` pin options; composite nodes record their claims (`composite-owner.<id>`) and loop trail here */
  metadata?: Record<string, string> | null
  /** When the pin was last written (RFC 3339) */
  timestamp?: string
  /** When the pin expires (RFC 3339; Go's zero time when it does not) */
  expire_at?: string
  /** Peers preferred when allocating (`user-allocations`) */
  user_allocations?: string[] | null
}

/** One cluster peer's view of a pin */
export interface PeerPinStatus {
  peername?: string
  ipfs_peer_id?: string
  /** `pinned`, `pinning`, `pin_queued`, `pin_error`, `cluster_error`, `remote`, `unpinned`... */
  status: string
  error?: string
}

/** `GET /pins`, `GET /pins/{cid}` */
export interface GlobalPinInfo {
  cid: string
  name?: string
  allocations?: string[] | null
  /** The pin's metadata (v1.1.6 copies it into every status answer) */
  metadata?: Record<string, string> | null
  peer_map?: Record<string, PeerPinStatus> | null
}

/** `GET /id`, and each line of `GET /peers` */
export interface ClusterPeerId {
  id: string
  peername?: string
  version?: string
  error?: string
  ipfs?: { id?: string, addresses?: string[] | null, error?: string }
}

/** One line of `POST /add`: a finished node, or progress (`cid: null`, `bytes` set) */
export interface AddedOutput {
  name: string
  cid?: string | null
  bytes?: number
  size?: number
  allocations?: string[] | null
}

/** `POST /ipfs/gc` (not streamed: the cluster answers once every peer is done) */
export interface GlobalRepoGC {
  peer_map?: Record<string, {
    peer?: string
    peername?: string
    keys?: Array<{ key?: string | null, error?: string }> | null
    error?: string
  }> | null
}

/** The REST error body */
export interface ClusterApiErrorBody {
  code?: number
  message?: string
}
