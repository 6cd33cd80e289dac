import { NotSupportedError } from '@composite-ipfs/interface'
import { ClientClosedError } from '@composite-ipfs/rpc-client'
import type { ClusterContext } from './context.ts'
import type { Backend } from '@composite-ipfs/interface'

/** Backend methods that need an IPFS daemon: the REST API has no block, DAG, swarm or name commands */
export type IpfsMethod = Exclude<keyof Backend, 'name' | 'start' | 'stop'>

/**
 * Refuses a call while the connector is stopped, as its REST client does: the `ipfs` backend
 * belongs to the host and may still be running, but this connector answers nothing then
 */
export function ensureOpen (ctx: ClusterContext): void {
  if (ctx.lifetime.aborted) throw new ClientClosedError('the cluster connector is stopped')
}

/**
 * The `ipfs` backend's method, bound; `NotSupportedError` when the connector has no `ipfs`
 * backend or that backend lacks the method.
 */
export function requireIpfs<K extends IpfsMethod> (ctx: ClusterContext, method: K, command: string): NonNullable<Backend[K]> {
  ensureOpen(ctx)
  const ipfs = ctx.ipfs
  const fn = ipfs?.[method]
  if (ipfs === undefined || typeof fn !== 'function') {
    throw new NotSupportedError(ipfs === undefined
      ? `${command} needs the IPFS endpoints of undercluster ${ctx.label}: none configured (the \`ipfs\` option of clusterConnector)`
      : `${command} is not supported by the ipfs backend (${ipfs.name}) of undercluster ${ctx.label}`)
  }
  return (fn as (...args: unknown[]) => unknown).bind(ipfs) as NonNullable<Backend[K]>
}
