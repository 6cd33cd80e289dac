import type { ReplicationPolicy } from './overcluster.ts'
import type { PinWaitPolicy } from './pin-verdict.ts'
import type { Backend, Logger, RepoStatProvider } from '@composite-ipfs/interface'
import type { Endpoint, RpcTimeouts } from '@composite-ipfs/rpc-client'
import type { Dispatcher } from 'undici'

/** What pin/ls without arguments lists: what is pinned (`status`) or what the cluster intends (`pinset`) */
export type PinLsMode = 'status' | 'pinset'

/** Which adder builds a pinned add (see `ClusterConnectorInit.addVia`) */
export type AddVia = 'cluster' | 'kubo'

/** When pin/add (and pin/update, add) may answer */
export interface PinWaitInit {
  /**
   * What "pinned" means: `replication-min` (as many peers as the pin's effective
   * `replication_factor_min`; every live peer for `-1`), `all` (every allocated peer),
   * a number of peers, or `accepted` (as soon as the undercluster committed the pin, like
   * upstream's proxy)
   *
   * @default 'replication-min'
   */
  policy?: PinWaitPolicy
  /**
   * Milliseconds after which an unfinished pin fails with `PinFailedError`
   *
   * @default 1800000 (30 minutes)
   */
  timeout?: number
  /**
   * Milliseconds between the first status poll (`GET /pins/{cid}`, right after the pin was
   * accepted) and the second; later polls back off by half up to 5 s. Concurrent waits share
   * their polls (see `statusBatcher`): at most two status calls are out at a time whatever
   * this is, so a short interval costs the undercluster little. With 200 ms (or 100 ms) small
   * pins were answered a quarter to 40 % sooner than with 500 ms in the bench (`pins`
   * scenario, 16 in flight), with about one status call per pin either way.
   *
   * @default 200
   */
  pollInterval?: number
  /**
   * Milliseconds between `{"Progress":n}` lines of `pin/add?progress=true`. ipfs-cluster's
   * watchdog cancels a pin whose progress stalls for `pin_timeout` (2 min), so it must be
   * well below that; values of 15 s and more are refused.
   *
   * @default 10000
   */
  progressInterval?: number
  /**
   * How many times one wait asks the undercluster to recover a pin that one of its peers
   * failed (`pin_error`: its Kubo hit `pin_timeout` while the content was slow to arrive, a
   * restart). ipfs-cluster itself retries only at `pin_recover_interval` (12 min by default), so
   * without this a passing failure below becomes a lasting `pin_error` above. `0` turns it off.
   *
   * @default 3
   */
  recoveries?: number
}

/** Loop protection across cluster hops (see the package README, "Loops") */
export interface LoopDetectionInit {
  /**
   * This composite node's ID: the same as its loopGuard's `nodeId`, so that the chain recorded
   * on pins (`meta-composite-via`) matches the chain in hop headers. A header-safe token
   * (`[A-Za-z0-9][A-Za-z0-9._~:@+=-]*`, at most 128 characters), unique within a composition.
   *
   * @default a random `cn-<uuid>` per connector
   */
  nodeId?: string
  /**
   * Refuse to write a pin whose request already went through more composite nodes than this
   *
   * @default 8
   */
  maxDepth?: number
  /**
   * How long (ms) the verdict of the inception check on the undercluster's peers (`GET /peers`) is kept
   *
   * @default 30000
   */
  peerCheckTtl?: number
  /**
   * Told when undercluster peers start (or stop) using this node as their IPFS daemon
   *
   * @default undefined
   */
  logger?: Logger
}

/** The overcluster whose peers use this node, for awareness of its pins (names, metadata, expiry) */
export interface OverclusterInit {
  /**
   * The overcluster's REST API endpoints, failed over in order; best the peer attached to this
   * node (it holds the pin it asks this node for before anyone else)
   */
  rest: Array<string | Endpoint>
  /**
   * Basic credentials for every endpoint without an `authorization` of its own
   *
   * @default undefined
   */
  basicAuth?: { username: string, password: string }
  /**
   * A JWT sent as `Bearer`; ignored when `basicAuth` is set
   *
   * @default undefined
   */
  token?: string
  /**
   * Where the undercluster replication of a pin comes from: `node` (this node's
   * `replicationMin`/`replicationMax`, else the undercluster's default) or `overcluster` (the
   * overcluster pin's own factors, `-1` staying everywhere). See docs/topologies.md.
   *
   * @default 'node'
   */
  replication?: ReplicationPolicy
}

/** How much of the undercluster's capacity `repo/stat` reports */
export type CapacityShareInit = 'auto' | { numerator: bigint, denominator: bigint }

export interface ClusterConnectorInit {
  /**
   * REST API endpoints of the undercluster's peers (`http(s)://host:9094` or a multiaddr),
   * tried in order with failover
   */
  rest: Array<string | Endpoint>
  /**
   * Basic credentials sent to every REST endpoint that has no `authorization` of its own
   *
   * @default undefined
   */
  basicAuth?: { username: string, password: string }
  /**
   * A JWT (from the cluster's `POST /token`) sent as `Bearer` to every REST endpoint that has
   * no `authorization` of its own; ignored when `basicAuth` is set
   *
   * @default undefined
   */
  token?: string
  /**
   * A backend over the undercluster peers' IPFS daemons (e.g. a `kuboConnector`), for what the
   * REST API cannot do: block/*, cat, get, dag/*, refs, swarm/*, resolve, name/resolve,
   * config/show, add --only-hash, passthrough. Without it those commands throw `NotSupportedError`.
   *
   * @default undefined
   */
  ipfs?: Backend
  /**
   * The source of repo/stat (e.g. an aggregator over the undercluster's daemons)
   *
   * @default undefined (the `ipfs` backend's repo/stat, else `NotSupportedError`)
   */
  repoStat?: RepoStatProvider
  /**
   * `replication-min` of every pin and add (`-1`: every peer)
   *
   * @default undefined (the undercluster's `replication_factor_min`)
   */
  replicationMin?: number
  /**
   * `replication-max` of every pin and add (`-1`: every peer)
   *
   * @default undefined (the undercluster's `replication_factor_max`)
   */
  replicationMax?: number
  /**
   * Pin name template: `{name}` is the name the client asked for (pin/add `name`, add
   * `pin-name`, or the overcluster pin's name), `{cid}` the CID, `{tenant}` the tenant
   *
   * @default '{name}', as `<tenant>:{name}` when a tenant is set
   */
  name?: string
  /**
   * Metadata this node asks for on every pin (`meta-<key>=<value>`); keys starting with
   * `composite-` are reserved
   *
   * @default {}
   */
  metadata?: Record<string, string>
  /**
   * This node's ID: the owner its claims on the undercluster's pins are recorded under
   * (`composite-owner.<nodeId>`), and its loop-protection ID. Keep it stable across restarts
   * (the CLI keeps it in `--state-dir`): a node that comes back with another ID no longer owns
   * its old claims, which then stay on the undercluster until removed by hand (never a loss).
   *
   * @default `loopDetection.nodeId`, else a random `cn-<uuid>` per connector
   */
  nodeId?: string
  /**
   * A tenant label recorded with this node's claims (`[A-Za-z0-9][A-Za-z0-9._-]{0,63}`), so a
   * tenant can list its pins at the undercluster and operators tell tenants apart
   *
   * @default undefined
   */
  tenant?: string
  /**
   * How long (ms) an undercluster pin stays once its last owner left, before it expires
   * (ipfs-cluster's `expire-at`; expired pins are removed at the undercluster's state sync). A
   * claim that another node wrote at the same moment can be lost to the undercluster's
   * last-writer-wins ordering; the grace lets that node's overcluster re-claim it first: it must
   * be longer than the overcluster's `pin_recover_interval` (12 min by default). An owner that
   * pins again within the grace clears the expiry.
   *
   * @default 3600000 (1 hour)
   */
  releaseGrace?: number
  /**
   * Whether pin/ls (and a direct pin/add's conflict check) answer for the undercluster's own
   * pins, the ones no composite node claimed: `true` answers as a node alone on its undercluster
   * always did; `false` shows only this node's own claims (an overcluster then always claims a
   * CID it pins, rather than seeing it pinned already).
   *
   * @default true
   */
  showUnderclusterPins?: boolean
  /**
   * Commands forwarded to the `ipfs` backend besides `SAME_ON_ANY_DAEMON` (each entry covers its
   * subcommands). An untyped command goes to one of the undercluster's Kubos, the one failover
   * picks, so the others are refused (`CommandRefusedError`): files, keys, connections and
   * settings differ from one Kubo to the next. `pin/remote` is refused whatever this says.
   *
   * @default []
   */
  passthroughAllow?: readonly string[]
  /**
   * ms after each claim or release when it is read back again, and again at five times this (a
   * concurrent writer on another undercluster peer may have undone it meanwhile, also with a
   * write that took long to land; it is then written again)
   *
   * @default 2000
   */
  recheckDelay?: number
  /**
   * The overcluster whose peers use this node: pins it makes carry its names, metadata, mode and
   * expiry down to the undercluster
   *
   * @default undefined (no awareness of the overcluster)
   */
  overcluster?: OverclusterInit
  /**
   * How much of the undercluster's capacity `repo/stat` reports. `auto`: the undercluster's
   * capacity divided by the number of composite nodes in front of it, which find each other in
   * a registry pin on the undercluster (see `FrontRegistry`), so the free space they report adds
   * up to the real one. A fraction (e.g. `{ numerator: 1n, denominator: 3n }`) fixes the share
   * and writes no registry; the node then never knows it is alone, so its last releases always
   * take `releaseGrace` and its claims are always read back.
   *
   * @default 'auto'
   */
  capacityShare?: CapacityShareInit
  /**
   * ms between refreshes of this node's registry entry (`capacityShare: 'auto'`); an entry lapses
   * after three intervals without one
   *
   * @default 30000
   */
  registryInterval?: number
  /**
   * Told of claims written again, background writes that failed, registry and overcluster trouble
   *
   * @default undefined
   */
  logger?: Logger
  /**
   * What pin/ls without arguments lists. `status` (faithful): the pins at least one peer reports
   * `pinned`, from `GET /pins?filter=pinned`, which ipfs-cluster v1.1.6 builds whole (asking every
   * Kubo for its pin list) before its first line, so a big pinset takes seconds to start. `pinset`:
   * the shared pinset as it is (`GET /allocations?filter=pin`, streamed from the cluster's state),
   * what the cluster intends to be pinned, pins still queued or failed included, as ipfs-cluster's
   * own IPFS proxy answers; the first line comes in milliseconds. Lookups with arguments always
   * check the real status.
   *
   * @default 'status'
   */
  pinLs?: PinLsMode
  /**
   * Which adder builds a pinned `add` whose options the cluster's adder honours (the others, and
   * every `pin=false` add, always go to a Kubo of the `ipfs` backend). `cluster`: the cluster's
   * `/add`, which sends the blocks straight to the allocated peers. `kubo`: a Kubo of the `ipfs`
   * backend, with its own `Import` settings (the CID Kubo gives, for every add), then a claim in
   * the cluster; 1.3 to 2.2 times faster for big files in `bench/`'s `add-paths`, but when the
   * receiving Kubo is not among the allocated peers it keeps an unpinned copy until its GC.
   * Without an `ipfs` backend, always `cluster`.
   *
   * @default 'cluster'
   */
  addVia?: AddVia
  /**
   * When pins count as done
   *
   * @default { policy: 'replication-min', timeout: 1800000, pollInterval: 200, progressInterval: 10000 }
   */
  pinWait?: PinWaitInit
  /**
   * A fixed peer ID answered by `id` (with `addresses`)
   *
   * @default undefined (the `ipfs` backend's id, else the Kubo behind the answering REST endpoint)
   */
  peerId?: string
  /**
   * Addresses answered by `id` with `peerId`
   *
   * @default []
   */
  addresses?: string[]
  /**
   * The semver answered by `version`
   *
   * @default undefined (the `ipfs` backend's version, else '0.42.0')
   */
  version?: string
  /**
   * Timeouts of REST calls (ms). `headers` also bounds `POST /ipfs/gc`, which answers only
   * once every peer finished its GC.
   *
   * @default { connect: 5000, headers: 300000, body: 300000 }
   */
  timeouts?: RpcTimeouts
  /**
   * Extra attempts per REST call, each on the next endpoint
   *
   * @default Math.max(2, rest.length - 1)
   */
  retries?: number
  /**
   * Loop protection across cluster hops: every pin records the composite nodes it went through
   * (`meta-composite-via`, `meta-composite-hops`); a pin deeper than `maxDepth` is refused with
   * `LoopDetectedError` (508), and so is one re-entering this node while it is still pinning that
   * CID when the peer check it triggers finds a cycle (else it is a duplicate, and joins); and
   * when an undercluster peer uses this very node as its IPFS daemon (inception), every command
   * that would reach the REST API is refused, while `id` keeps answering. `false` turns it off.
   *
   * @default {} (on, with a random node ID)
   */
  loopDetection?: LoopDetectionInit | false
  /**
   * An undici dispatcher to send REST calls through
   *
   * @default undefined (a keep-alive pool per endpoint)
   */
  dispatcher?: Dispatcher
}
