import type { Authorizations } from './types.ts'
import type { Logger } from '@composite-ipfs/interface'

export interface ApiAuthInit {
  /**
   * Kubo's `API.Authorizations`. With no entries the middleware checks nothing (as Kubo);
   * with at least one, every `/api/v0/` request needs a matching `Authorization` header, even
   * if no entry has a usable secret.
   *
   * @default {}
   */
  authorizations?: Authorizations
  /**
   * Receives configuration warnings (an entry ignored because of its secret type). It is never
   * given a secret or a request header.
   *
   * @default undefined
   */
  logger?: Logger
}
