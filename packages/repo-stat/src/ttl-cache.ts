interface Entry<V> {
  value: Promise<V>
  /** When the value arrived; undefined while it is being computed */
  at?: number
}

/**
 * A value per key, computed by one caller at a time and reused for `ttl` ms after it
 * arrived. Failures are not kept: the next caller tries again.
 */
export class TtlCache<K, V> {
  private readonly ttl: number
  private readonly entries = new Map<K, Entry<V>>()

  constructor (ttl: number) {
    this.ttl = ttl
  }

  async get (key: K, compute: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key)
    if (entry !== undefined && (entry.at === undefined || Date.now() - entry.at < this.ttl)) return entry.value
    const fresh: Entry<V> = { value: compute() }
    this.entries.set(key, fresh)
    fresh.value.then(() => { fresh.at = Date.now() }, () => {
      if (this.entries.get(key) === fresh) this.entries.delete(key)
    })
    return fresh.value
  }

  clear (): void {
    this.entries.clear()
  }
}
