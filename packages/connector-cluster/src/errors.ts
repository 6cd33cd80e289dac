import { CommandError, UpstreamError } from '@composite-ipfs/interface'
import type { UpstreamErrorInit } from '@composite-ipfs/interface'

/**
 * The undercluster's REST API answered with an error (`{"code","message"}`). The message
 * names the undercluster; `restMessage` keeps the REST text for matching
 * (`pin is not part of the pinset`).
 */
export class ClusterApiError extends UpstreamError {
  static override name = 'ClusterApiError'
  override readonly code: string = 'ERR_CLUSTER_API'
  /** The REST `message`, verbatim */
  readonly restMessage: string

  constructor (restMessage: string, init: UpstreamErrorInit) {
    super(`undercluster ${init.endpoint}: ${restMessage}`, init)
    this.name = 'ClusterApiError'
    this.restMessage = restMessage
  }
}

/** The connector was configured with options that cannot work */
export { InvalidConfigError } from '@composite-ipfs/interface'

/** The REST text of `state.ErrNotFound` (a CID missing from the shared pinset), answered with 404 */
export const NOT_IN_PINSET = 'pin is not part of the pinset'

export function isNotInPinset (err: unknown): err is ClusterApiError {
  return err instanceof ClusterApiError && (err.upstreamStatus === 404 || err.restMessage.includes(NOT_IN_PINSET))
}

/** Kubo's pin/rm text (boxo `ErrNotPinned`): ipfs-cluster compares it by string equality */
export function notPinnedOrIndirect (cause?: unknown): CommandError {
  return new CommandError('not pinned or pinned indirectly', { cause })
}

/** Kubo's pin/ls text for an argument that is not pinned: ipfs-cluster matches the `not pinned` suffix */
export function pathNotPinned (arg: string, cause?: unknown): CommandError {
  return new CommandError(`path '${arg}' is not pinned`, { cause })
}
