import { CommandError } from '@composite-ipfs/interface'

/** A pin/add, pin/rm or pin/ls argument, as the REST API wants it */
export interface PinTarget {
  /** The argument as given */
  arg: string
  /** Set when the argument names a CID with no sub-path (`<cid>` or `/ipfs/<cid>`) */
  cid?: string
  /** `ipfs/<cid>/a/b`, `ipns/<name>`, `ipld/...`: the namespace form of `/pins/{ns}/{path}` */
  path: string
}

const NAMESPACES = new Set(['ipfs', 'ipns', 'ipld'])

/**
 * Splits a Kubo path argument. Bare CIDs and `/ipfs/<cid>` need no resolution; anything
 * deeper is resolved by the undercluster (`/pins/ipfs/...` resolves through its Kubo).
 */
export function pinTarget (arg: string): PinTarget {
  const trimmed = arg.trim()
  if (trimmed === '') throw new CommandError('invalid path "": path is empty')
  // a bare `<cid>[/sub/path]` is an /ipfs path (Kubo `cmdutils.PathOrCidPath`)
  const full = trimmed.startsWith('/') ? trimmed : `/ipfs/${trimmed}`
  const segments = full.split('/').filter(s => s !== '')
  const [ns, root, ...rest] = segments
  if (ns === undefined || root === undefined || !NAMESPACES.has(ns)) {
    throw new CommandError(`invalid path "${arg}": path does not have a valid namespace`)
  }
  const path = [ns, root, ...rest].map(encodeURIComponent).join('/')
  return ns === 'ipfs' && rest.length === 0 ? { arg, cid: root, path } : { arg, path }
}

/** `/pins/<cid>` for a plain recursive pin, `/pins/ipfs/<cid>[/...]` otherwise */
export function pinsUrl (target: PinTarget, options: { pathForm?: boolean } = {}): string {
  if (target.cid !== undefined && options.pathForm !== true) return `/pins/${encodeURIComponent(target.cid)}`
  return `/pins/${target.path}`
}
