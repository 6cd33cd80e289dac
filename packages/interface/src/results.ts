/**
 * Result shapes of the typed commands. They use Kubo's JSON field names, so the server writes
 * them as they are; a connector in front of a real Kubo can hand Kubo's objects through unchanged.
 * Extra fields are allowed and are written too.
 */

/** An IPLD link in JSON form, as `repo/gc` `Key` and `dag/put` `Cid` use it */
export interface Link { '/': string }

export interface IdResult {
  ID: string
  PublicKey?: string
  Addresses: string[] | null
  AgentVersion?: string
  Protocols?: string[] | null
  [key: string]: unknown
}

export interface VersionResult {
  Version: string
  Commit?: string
  Repo?: string
  System?: string
  Golang?: string
  [key: string]: unknown
}

/** One `add` output line: a finished entry, or progress (`Bytes`) */
export interface AddEvent {
  Name: string
  Hash?: string
  /** Kubo sends the size as a string */
  Size?: string
  Bytes?: number
  Mode?: string
  Mtime?: number
  MtimeNsecs?: number
}

/** One `pin/add` output value: progress, then the pinned CIDs */
export interface PinAddEvent {
  Pins?: string[]
  Progress?: number
  Bytes?: number
}

export interface PinsResult { Pins: string[] }

export interface PinLsEntry {
  Cid: string
  Type: string
  Name?: string
}

export interface PinVerifyEntry {
  Cid: string
  Ok: boolean
  BadNodes?: Array<{ Cid: string, Err: string }>
}

/** repo/stat with exact integers; never a float, never an exponent */
export interface RepoStat {
  RepoSize: bigint
  StorageMax: bigint
  NumObjects: bigint
  RepoPath: string
  Version: string
}

export interface GcEvent {
  Key?: Link | null
  Error?: string
}

export interface BlockStat { Key: string, Size: number }

export interface BlockRmEvent { Hash: string, Error?: string }

export interface DagPutEvent { Cid: Link }

/** One line of `dag/import`: a root of the CARs' headers and how its pin went, or the stats at the end */
export interface DagImportEvent {
  Root?: { Cid: Link, PinErrorMsg: string }
  Stats?: { BlockCount: number, BlockBytesCount: number }
}

export interface RefEvent { Ref: string, Err: string }

export interface SwarmPeer {
  Addr: string
  Peer: string
  Identify?: unknown
  [key: string]: unknown
}

export interface SwarmPeersResult { Peers: SwarmPeer[] | null }

export interface StringsResult { Strings: string[] }

export interface PathResult { Path: string }
