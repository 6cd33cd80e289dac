import type { AddVia, PinLsMode } from './init.ts'
import type { LoopDetector } from './loop/loop-detector.ts'
import type { OverclusterLookup } from './overcluster.ts'
import type { ClaimKeeper } from './owners/claim-keeper.ts'
import type { PinWaitPolicy } from './pin-verdict.ts'
import type { PollTiming } from './pin-wait.ts'
import type { PinDefaults } from './query.ts'
import type { RestClient } from './rest-client.ts'
import type { PinStatusLookup } from './status-batch.ts'
import type { Backend, Logger } from '@composite-ipfs/interface'

/** What the command modules share: the REST client and the options resolved once */
export interface ClusterContext {
  rest: RestClient
  /**
   * Aborted when the connector stops, and a new one on each start: the signal of work shared
   * by several callers (each caller races only its own signal), read at the time of use
   */
  lifetime: AbortSignal
  /** Names the undercluster in errors when no endpoint answered (the REST endpoints) */
  label: string
  defaults: PinDefaults
  wait: PollTiming & { policy: PinWaitPolicy, recoveries: number }
  /** What pin/ls without arguments lists */
  pinLs: PinLsMode
  /** Which adder builds a pinned add of options the cluster honours */
  addVia: AddVia
  /** `GET /pins/{cid}` for pin waits, shared by concurrent waits */
  pinStatus: PinStatusLookup
  /** Cluster peers that cannot pin now (dial error, or their Kubo is down), from `GET /peers` */
  deadPeers: (signal?: AbortSignal) => Promise<ReadonlySet<string>>
  ipfs?: Backend
  /** Loop protection across cluster hops; absent when turned off */
  loop?: LoopDetector
  /** This node's ID: the owner its claims on the undercluster's pins are recorded under */
  nodeId: string
  /** This node's tenant label, recorded with its claims */
  tenant?: string
  /** This node's claims on the (possibly shared) undercluster's pins */
  claims: ClaimKeeper
  /** Whether pin/ls and pin/rm answer for the undercluster's own pins (no composite owner) */
  showUnderclusterPins: boolean
  /** Commands forwarded to the `ipfs` backend besides `SAME_ON_ANY_DAEMON` */
  passthroughAllow: readonly string[]
  /** The overcluster's REST API, when configured: names, metadata, expiry of its pins */
  overcluster?: OverclusterLookup
  /** The host's logger: what the undercluster's peers said when a pin failed, and what was done */
  logger?: Logger
}
