/**
 * @packageDocumentation
 *
 * A composite-node backend over an ipfs-cluster (the "undercluster"): pins, unpins, pin
 * listings, adds and GC go to the cluster's REST API, so a Kubo-RPC server in front of it
 * lets another cluster (the "overcluster") use a whole cluster as its IPFS daemon.
 *
 * Unlike upstream's IPFS proxy, pin/add keeps Kubo's meaning (it answers once the
 * undercluster really pinned, streaming progress meanwhile), direct pins stay direct,
 * pin/ls reports what is really pinned, and unpinning an unknown CID answers Kubo's exact
 * `not pinned or pinned indirectly`. Block-level commands go to an injected `ipfs` backend
 * (e.g. a `kuboConnector` over the undercluster peers' Kubos).
 *
 * Loops that run through a cluster (which drops the hop headers of `@composite-ipfs/loop-guard`)
 * are caught here (`loopDetection`): every pin records the composite nodes it went through, a pin
 * re-entering the node while it still pins that CID makes it check the cluster's peers at once,
 * and a node that finds itself below its own undercluster (inception, or a longer cycle) refuses
 * whatever would reach the cluster.
 *
 * Several composite nodes may share one undercluster (a cylinder, an inverse multi-ring): each
 * pins as an owner, recording its claim on the one ipfs-cluster pin per CID, and removes only its
 * own; the last owner's release expires after a grace period (see docs/topologies.md).
 *
 * @example
 *
 * ```ts
 * import { clusterConnector } from '@composite-ipfs/connector-cluster'
 * import { kuboConnector } from '@composite-ipfs/connector-kubo'
 * import { ipfsApiServer } from '@composite-ipfs/server'
 *
 * const backend = clusterConnector({
 *   rest: ['http://10.0.0.1:9094', 'http://10.0.0.2:9094'],
 *   basicAuth: { username: 'overcluster', password: 's3cret' },
 *   ipfs: kuboConnector({ endpoints: ['http://10.0.0.1:5001', 'http://10.0.0.2:5001'] }),
 *   replicationMin: 2,
 *   replicationMax: 3,
 *   name: 'overcluster:{cid}'
 * })
 * const server = ipfsApiServer({ backend })
 * await server.listen(['/ip4/127.0.0.1/tcp/5001'])
 * ```
 */
import { ClusterConnector } from './cluster-connector.ts'
import type { ClusterConnectorInit } from './init.ts'

/**
 * Creates a connector (a `Backend`) over an undercluster's REST API. The methods it has are
 * not optional on the type it returns: no `backend.pinAdd!` needed.
 *
 * @example
 *
 * ```ts
 * const backend = clusterConnector({ rest: ['http://127.0.0.1:9094'], pinWait: { policy: 'all', timeout: 600_000 } })
 * for await (const event of backend.pinAdd(['bafy...'], { progress: true })) console.log(event)
 * ```
 */
export function clusterConnector (init: ClusterConnectorInit): ClusterConnector {
  return new ClusterConnector(init)
}

export type { ClusterConnector }

export type { AddVia, CapacityShareInit, ClusterConnectorInit, OverclusterInit, PinLsMode, PinWaitInit } from './init.ts'
export type { ReplicationPolicy } from './overcluster.ts'
export type { Share } from './capacity/share.ts'
export { parseShare } from './capacity/share.ts'
export { MIN_RELEASE_GRACE, RESERVED_PREFIX, TENANT_PATTERN, TENANT_RULE } from './owners/claim-record.ts'
export { REGISTRY_CID } from './capacity/registry.ts'
export { SAME_ON_ANY_DAEMON } from './passthrough-allow.ts'
export { listClaims } from './owners/list-claims.ts'
export type { ClaimedPin, ListClaimsInit, PinOwner } from './owners/list-claims.ts'
export type { PinWaitPolicy } from './pin-verdict.ts'
export { ClusterApiError, InvalidConfigError } from './errors.ts'
