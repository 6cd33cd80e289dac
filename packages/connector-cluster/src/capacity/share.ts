import type { RepoStat } from '@composite-ipfs/interface'

/** A fraction of an undercluster's capacity, exact: `numerator / denominator` */
export interface Share {
  numerator: bigint
  denominator: bigint
}

/**
 * This node's share of its undercluster's capacity: `repo/stat` with `RepoSize`, `StorageMax`
 * and `NumObjects` scaled by `share`, so that the free space the composite nodes in front of
 * one undercluster report (`StorageMax - RepoSize`, what ipfs-cluster's disk informer allocates
 * by) adds up to the undercluster's real free space instead of counting it once per node.
 * Exact bigint arithmetic: a sum over nodes is short by at most a byte per node.
 */
export function shareOf (stat: RepoStat, share: Share): RepoStat {
  if (share.numerator === share.denominator) return stat
  const scale = (value: bigint): bigint => value * share.numerator / share.denominator
  return { ...stat, RepoSize: scale(stat.RepoSize), StorageMax: scale(stat.StorageMax), NumObjects: scale(stat.NumObjects) }
}

/**
 * Parses a share setting: `1`, a fraction `1/3`, or a decimal `0.25` (up to 6 places).
 * Returns `undefined` for anything else, or for a share outside (0, 1].
 */
export function parseShare (text: string): Share | undefined {
  const fraction = /^(\d+)\/(\d+)$/.exec(text)
  if (fraction !== null) {
    const share = { numerator: BigInt(fraction[1]!), denominator: BigInt(fraction[2]!) }
    return isShare(share) ? share : undefined
  }
  const decimal = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text)
  if (decimal === null) return undefined
  const places = decimal[2] ?? ''
  const share = { numerator: BigInt(`${decimal[1]}${places}`), denominator: 10n ** BigInt(places.length) }
  return isShare(share) ? share : undefined
}

/** Whether `share` is a fraction in (0, 1] */
export function isShare (share: Share): boolean {
  return share.denominator > 0n && share.numerator > 0n && share.numerator <= share.denominator
}
