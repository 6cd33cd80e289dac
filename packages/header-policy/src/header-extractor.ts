import { canonical } from './settings.ts'
import type { CommandHeader } from './settings.ts'
import type { UpstreamProbe } from './upstream-probe.ts'

export interface HeaderExtractorInit {
  probe: UpstreamProbe
  /** Header names to copy (compared case-insensitively) */
  names: readonly string[]
  /** ms; 0 = forever */
  ttl: number
  logger?: (message: string) => void
}

/**
 * ipfs-cluster's "extract once" headers (`setAdditionalIpfsHeaders`): copied from the daemon's
 * `version` response and reused for `ttl`. One refresh runs at a time, whoever asks; when a
 * refresh fails the previous headers stay in use until the next attempt.
 */
export class HeaderExtractor {
  private readonly init: HeaderExtractorInit
  private headers?: CommandHeader[]
  private fetchedAt = 0
  private refreshing?: Promise<CommandHeader[] | undefined>

  constructor (init: HeaderExtractorInit) {
    this.init = init
  }

  /** The extracted headers; undefined until the daemon answered once */
  async get (): Promise<CommandHeader[] | undefined> {
    if (this.headers !== undefined && !this.expired()) return this.headers
    this.refreshing ??= this.refresh().finally(() => { this.refreshing = undefined })
    return this.refreshing
  }

  private expired (): boolean {
    return this.init.ttl > 0 && Date.now() - this.fetchedAt >= this.init.ttl
  }

  private async refresh (): Promise<CommandHeader[] | undefined> {
    try {
      const answer = await this.init.probe.send('POST', '/api/v0/version', {})
      if (answer.status !== 200) throw new Error(`status ${answer.status}: ${answer.body.trim()}`)
      const headers: CommandHeader[] = []
      for (const name of this.init.names) {
        const value = answer.headers[name.toLowerCase()]
        if (value !== undefined) headers.push([canonical(name), value])
      }
      this.headers = headers
      this.fetchedAt = Date.now()
    } catch (err) {
      this.init.logger?.(`header-policy: cannot extract headers from ${this.init.probe.label}: ${(err as Error).message}`)
    }
    return this.headers
  }
}
