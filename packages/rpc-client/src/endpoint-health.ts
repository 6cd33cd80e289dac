import { silentLogger } from '@composite-ipfs/interface'
import type { Logger } from '@composite-ipfs/interface'

/**
 * Which endpoints last failed, for the log: a warning when one fails and calls move on (once,
 * not per call, until it answers again), a line when it answers again.
 */
export class EndpointHealth {
  readonly #down = new Set<string>()
  readonly #log: Logger

  constructor (logger: Logger | undefined) {
    this.#log = logger === undefined ? silentLogger : logger.child({ component: 'rpc-client' })
  }

  failed (endpoint: string, error: Error, failingOver: boolean): void {
    if (this.#down.has(endpoint)) return
    this.#down.add(endpoint)
    this.#log.warn({ endpoint, error: error.message, code: (error as { code?: string }).code }, failingOver ? `endpoint ${endpoint} failed; failing over to the next endpoint` : `endpoint ${endpoint} failed`)
  }

  answered (endpoint: string): void {
    if (this.#down.size === 0 || !this.#down.delete(endpoint)) return
    this.#log.info({ endpoint }, `endpoint ${endpoint} answers again`)
  }
}
