import { RestClient } from '../rest-client.ts'
import { isZeroTime, readOwnership } from './claim-record.ts'
import type { ClusterPin } from '../rest-types.ts'
import type { Endpoint } from '@composite-ipfs/rpc-client'

/** One owner of a listed pin */
export interface PinOwner {
  node: string
  tenant?: string
  name?: string
}

/** A pin of the undercluster that composite nodes claimed, as `listClaims` yields it */
export interface ClaimedPin {
  cid: string
  /** The undercluster pin's name (every owner's, joined) */
  name: string
  owners: PinOwner[]
  /** Set once the last owner left: the pin expires at `expireAt` */
  released?: string
  expireAt?: string
}

export interface ListClaimsInit {
  /** The undercluster's REST API endpoints (with their `authorization`), failed over in order */
  endpoints: Endpoint[]
  /** Only pins with a claim of this tenant */
  tenant?: string
  /** Only pins with a claim of this node */
  nodeId?: string
}

/**
 * The undercluster's pins that composite nodes claimed, with their owners, streamed from
 * `GET /allocations` (lines without a claim are not parsed). With `tenant` or `nodeId`, only the
 * pins that tenant or node holds: how a tenant lists its pins at a shared undercluster.
 *
 * @example
 * ```ts
 * for await (const pin of listClaims({ endpoints: [{ url: 'http://10.0.0.1:9094' }], tenant: 'acme' })) {
 *   console.log(pin.cid, pin.owners.map(o => o.node))
 * }
 * ```
 */
export async function * listClaims (init: ListClaimsInit, options: { signal?: AbortSignal } = {}): AsyncGenerator<ClaimedPin, void, undefined> {
  const rest = new RestClient({ endpoints: init.endpoints })
  try {
    const parse = (line: string): ClusterPin | undefined => line.includes('"composite-') ? JSON.parse(line) as ClusterPin : undefined
    for await (const pin of await rest.stream<ClusterPin | undefined>('GET', '/allocations', { query: { filter: 'pin' }, signal: options.signal }, parse)) {
      if (pin === undefined) continue
      const ownership = readOwnership(pin.metadata)
      if (!ownership.managed || (ownership.owners.size === 0 && ownership.released === undefined)) continue
      const owners = [...ownership.owners].map(([node, claim]) => ({ node, tenant: claim.t, name: claim.n }))
      if (init.tenant !== undefined && !owners.some(o => o.tenant === init.tenant)) continue
      if (init.nodeId !== undefined && !owners.some(o => o.node === init.nodeId)) continue
      const listed: ClaimedPin = { cid: pin.cid, name: pin.name ?? '', owners }
      if (ownership.released !== undefined) listed.released = ownership.released
      if (!isZeroTime(pin.expire_at)) listed.expireAt = pin.expire_at
      yield listed
    }
  } finally {
    await rest.close()
  }
}
