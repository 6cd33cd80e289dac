import { NotSupportedError } from '@composite-ipfs/interface'
import type { AddOptions } from '@composite-ipfs/interface'

/** The pin options every pin and add carries (REST `PinOptions.FromQuery`) */
export interface PinDefaults {
  replicationMin?: number
  replicationMax?: number
  /** Name template: `{cid}` and `{name}` (the name the client asked for) are replaced */
  name?: string
  metadata?: Record<string, string>
}

/** `replication-min` / `replication-max` as REST pin options, for the factors that are set */
export function replicationQuery (min: number | undefined, max: number | undefined): Record<string, string> {
  const query: Record<string, string> = {}
  if (min !== undefined) query['replication-min'] = String(min)
  if (max !== undefined) query['replication-max'] = String(max)
  return query
}

/**
 * Renders the pin-name template: `{name}` (the name the client asked for), `{cid}`, `{tenant}`.
 * Without a template the name is `{name}`, prefixed `<tenant>:` when the node has a tenant (just
 * the tenant when there is no name), so operators tell tenants apart in `ipfs-cluster-ctl status`.
 * An empty name leaves the cluster's default.
 */
export function pinName (template: string | undefined, vars: { cid?: string, name?: string, tenant?: string }): string {
  if (template === undefined) {
    const name = vars.name ?? ''
    if (vars.tenant === undefined || vars.tenant === '') return name
    return name === '' ? vars.tenant : `${vars.tenant}:${name}`
  }
  return template
    .replaceAll('{cid}', vars.cid ?? '')
    .replaceAll('{name}', vars.name ?? '')
    .replaceAll('{tenant}', vars.tenant ?? '')
}

/**
 * Kubo `add` options as REST `/add` parameters (§3.5). Options the cluster adder cannot honour
 * and that would change the result (`to-files`, `inline`) are refused; cosmetic ones
 * (`quiet`, `silent`, `fast-provide-*`, `preserve-*`) are dropped.
 */
export function addQuery (options: AddOptions): Record<string, string> {
  if (options.toFiles !== undefined) throw new NotSupportedError('add --to-files is not supported by an ipfs-cluster backend (no MFS)')
  if (options.inline === true) throw new NotSupportedError('add --inline is not supported by an ipfs-cluster backend')
  if (options.nocopy === true) throw new NotSupportedError('add --nocopy is not supported by an ipfs-cluster backend')
  const query: Record<string, string> = { 'stream-channels': 'true' }
  if (options.progress === true) query.progress = 'true'
  if (options.cidVersion !== undefined) query['cid-version'] = String(options.cidVersion)
  if (options.rawLeaves !== undefined) query['raw-leaves'] = String(options.rawLeaves)
  if (options.chunker !== undefined) query.chunker = options.chunker
  if (options.hash !== undefined) {
    query.hash = options.hash
    // Kubo: a hash other than sha2-256 implies CIDv1 (CIDv0 cannot carry it)
    if (options.hash !== 'sha2-256' && options.cidVersion === undefined) query['cid-version'] = '1'
  }
  if (options.trickle === true) query.layout = 'trickle'
  if (options.wrapWithDirectory === true) query['wrap-with-directory'] = 'true'
  if (options.hidden === true) query.hidden = 'true'
  return query
}
