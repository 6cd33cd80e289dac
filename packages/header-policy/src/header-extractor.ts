import { canonicalHeaderName } from '@composite-ipfs/interface'
import { LRUCache } from 'lru-cache'
import type { CommandHeader } from './settings.ts'
import type { UpstreamProbe } from './upstream-probe.ts'
import type { Logger } from '@composite-ipfs/interface'

export interface HeaderExtractorInit {
  probe: UpstreamProbe
  /** Header names to copy (compared case-insensitively) */
  names: readonly string[]
  /** ms; 0 = forever */
  ttl: number
  logger?: Logger
}

/**
 * ipfs-cluster's "extract once" headers (`setAdditionalIpfsHeaders`): copied from the daemon's
 * `version` response and reused for `ttl`. One refresh runs at a time, whoever asks (the
 * cache's own, never a caller's); when a refresh fails the previous headers stay in use until
 * the next attempt.
 */
export class HeaderExtractor {
  private readonly init: HeaderExtractorInit
  private readonly cache: LRUCache<'headers', CommandHeader[]>

  constructor (init: HeaderExtractorInit) {
    this.init = init
    this.cache = new LRUCache({
      max: 1,
      ttl: init.ttl, // 0: for ever
      allowStaleOnFetchRejection: true,
      noDeleteOnFetchRejection: true,
      fetchMethod: async () => await this.extract()
    })
  }

  /** The extracted headers; undefined until the daemon answered once */
  async get (): Promise<CommandHeader[] | undefined> {
    return await this.cache.fetch('headers').catch(() => undefined)
  }

  private async extract (): Promise<CommandHeader[]> {
    try {
      const answer = await this.init.probe.send('POST', '/api/v0/version', {})
      if (answer.status !== 200) throw new Error(`status ${answer.status}: ${answer.body.trim()}`)
      const headers: CommandHeader[] = []
      for (const name of this.init.names) {
        const value = answer.headers[name.toLowerCase()]
        if (value !== undefined) headers.push([canonicalHeaderName(name), value])
      }
      return headers
    } catch (err) {
      this.init.logger?.warn({ upstream: this.init.probe.label, error: (err as Error).message }, `header-policy: cannot extract headers from ${this.init.probe.label}: ${(err as Error).message}`)
      throw err
    }
  }
}
