/**
 * Lets the soak's workers be paused for a quiet sample: `quiet(fn)` stops new operations from
 * starting, waits for those in flight to end, runs `fn`, then lets the workers go on. A heap
 * measured then holds what the node keeps, not the bodies and waits of requests in flight.
 */
export class TrafficGate {
  #inFlight = 0
  #paused: Promise<void> | undefined
  #resume: (() => void) | undefined
  #drained: (() => void) | undefined

  /** Waits while a quiet sample is being taken, then counts the caller as in flight */
  async enter (): Promise<void> {
    while (this.#paused !== undefined) await this.#paused
    this.#inFlight++
  }

  leave (): void {
    this.#inFlight--
    if (this.#inFlight === 0) this.#drained?.()
  }

  async quiet<T> (fn: () => Promise<T>): Promise<T> {
    while (this.#paused !== undefined) await this.#paused
    this.#paused = new Promise((resolve) => { this.#resume = resolve })
    try {
      if (this.#inFlight > 0) await new Promise<void>((resolve) => { this.#drained = resolve })
      return await fn()
    } finally {
      this.#drained = undefined
      const resume = this.#resume
      this.#paused = undefined
      resume?.()
    }
  }
}
