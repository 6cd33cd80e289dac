import { pinName } from '../query.ts'
import type { ClaimRequest } from './claim-keeper.ts'
import type { ClaimRecord } from './claim-record.ts'
import type { ClusterContext } from '../context.ts'
import type { PinTrail } from '../loop/trail.ts'
import type { CallOptions } from '@composite-ipfs/interface'

export interface ClaimInput extends Pick<CallOptions, 'signal'> {
  /** A direct (not recursive) pin */
  direct?: boolean
  /** The name the client asked for (pin/add `name`, add `pin-name`) */
  name?: string
  trail?: PinTrail
  /** Peers to prefer when the pin is new */
  allocations?: string[]
}

/**
 * What this node asks for when it claims `cid`: its tenant, the pin name rendered from the
 * template, its metadata and replication, and, with an overcluster configured, what the
 * overcluster's own pin of `cid` says (name, metadata, mode, expiry and, by the replication
 * policy, its replication).
 */
export async function claimRequest (ctx: ClusterContext, cid: string, input: ClaimInput): Promise<ClaimRequest> {
  const over = await ctx.overcluster?.describe(cid, input.signal)
  const record: Omit<ClaimRecord, 'at'> = {}
  if (ctx.tenant !== undefined) record.t = ctx.tenant
  const name = pinName(ctx.defaults.name, { cid, name: input.name ?? over?.name, tenant: ctx.tenant })
  if (name !== '') record.n = name
  // pin/ls through this node answers the name its client gave, as Kubo does
  if ((input.name ?? '') !== name) record.k = input.name ?? ''
  const metadata = { ...over?.metadata, ...ctx.defaults.metadata }
  if (Object.keys(metadata).length > 0) record.m = metadata
  const replication = over?.replication ?? { min: ctx.defaults.replicationMin, max: ctx.defaults.replicationMax }
  if (replication.min !== undefined) record.min = replication.min
  if (replication.max !== undefined) record.max = replication.max
  if (input.direct === true || over?.direct === true) record.d = 1
  if (over?.expireAt !== undefined) record.e = over.expireAt
  return { record, allocations: input.allocations, trail: input.trail }
}
