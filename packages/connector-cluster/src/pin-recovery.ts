import type { ClusterContext } from './context.ts'
import type { PinVerdict } from './pin-verdict.ts'

/**
 * Heals a pin that an undercluster peer failed while its wait still runs. An ipfs-cluster
 * peer that reports `pin_error` (its Kubo hit `pin_timeout` while the content was slow to
 * arrive, a restart, a full disk) pins again only at its `pin_recover_interval`, 12 minutes by
 * default: far beyond a pin wait. So the wait asks the undercluster to recover the pin now
 * (`POST /pins/{cid}/recover`, every peer) and keeps waiting, at most `ctx.wait.recoveries`
 * times. Every failure is logged with the peers' own reasons.
 */
export class PinRecovery {
  readonly #ctx: ClusterContext
  readonly #cid: string
  #left: number

  constructor (ctx: ClusterContext, cid: string) {
    this.#ctx = ctx
    this.#cid = cid
    this.#left = ctx.wait.recoveries
  }

  /**
   * When some peer failed the pin and the pin is not done, recovers it if recoveries are left;
   * returns the verdict the wait goes on with (pending while a recovery runs)
   */
  async heal (verdict: PinVerdict, signal: AbortSignal): Promise<PinVerdict> {
    if (verdict.state === 'pinned' || verdict.failed.length === 0) return verdict
    if (this.#left <= 0) return verdict
    this.#left--
    const ctx = this.#ctx
    ctx.logger?.warn({ cid: this.#cid, undercluster: ctx.label, peers: verdict.failed }, `undercluster ${ctx.label}: pin ${this.#cid} failed on ${verdict.failed.join('; ')}: asking the undercluster to recover it (${this.#left} recoveries left)`)
    try {
      await ctx.rest.json('POST', `/pins/${this.#cid}/recover`, { idempotent: true, signal })
    } catch (err) {
      if (signal.aborted) throw err
      ctx.logger?.warn({ cid: this.#cid, undercluster: ctx.label, error: (err as Error).message }, `undercluster ${ctx.label}: recover of ${this.#cid} failed: ${(err as Error).message}`)
      return verdict
    }
    return { ...verdict, state: 'pending' }
  }
}
