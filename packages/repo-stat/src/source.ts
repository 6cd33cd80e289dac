import { UpstreamError } from '@composite-ipfs/interface'
import { rpcClient } from '@composite-ipfs/rpc-client'
import type { EndpointFailedError, RepoStat } from '@composite-ipfs/interface'
import type { Endpoint, RpcClient } from '@composite-ipfs/rpc-client'
import type { Dispatcher } from 'undici'

const INTEGER_KEYS = ['RepoSize', 'StorageMax', 'NumObjects'] as const

/** One daemon whose `repo/stat` is part of the aggregate */
export class RepoStatSource {
  readonly label: string
  private readonly client: RpcClient
  private readonly timeout: number

  constructor (endpoint: string | Endpoint, timeout: number, dispatcher?: Dispatcher) {
    this.timeout = timeout
    this.client = rpcClient({
      endpoints: [endpoint],
      // a dead peer is skipped, not retried: the next poll asks again
      retries: 0,
      timeouts: { connect: timeout, headers: timeout, body: timeout },
      dispatcher
    })
    this.label = this.client.endpoints[0] ?? String(endpoint)
  }

  /** The daemon's own answer with exact integers; throws when it fails, stalls or answers nonsense */
  async repoStat (sizeOnly: boolean, signal: AbortSignal): Promise<RepoStat> {
    const raw = await this.client.kuboJson<Record<string, unknown>>('repo/stat', {
      query: sizeOnly ? { 'size-only': 'true' } : undefined,
      bigints: INTEGER_KEYS,
      timeout: this.timeout,
      signal
    })
    return this.validate(raw)
  }

  /** Why a call failed, in a few words: rpc-client wraps a lone endpoint's failure, whose `reason` says it without the endpoint */
  reason (err: unknown): string {
    const inner = (err as { errors?: unknown[] }).errors
    const cause = Array.isArray(inner) && inner.length === 1 ? inner[0] : err
    const reason = (cause as Partial<EndpointFailedError> | null)?.reason
    if (typeof reason === 'string') return reason
    return cause instanceof Error ? cause.message : String(cause)
  }

  async close (): Promise<void> {
    await this.client.close()
  }

  private validate (raw: Record<string, unknown>): RepoStat {
    const bad = INTEGER_KEYS.filter(k => typeof raw[k] !== 'bigint' || (raw[k] as bigint) < 0n || (raw[k] as bigint) > 2n ** 64n - 1n)
    // NumObjects is 0 under size-only but always present in Kubo; tolerate its absence (cluster's proxy omits it)
    const missing = bad.filter(k => !(k === 'NumObjects' && raw[k] === undefined))
    if (missing.length > 0) {
      throw new UpstreamError(`invalid repo/stat answer: ${missing.join(', ')} not a uint64`, { endpoint: this.label, upstreamStatus: 200 })
    }
    return {
      RepoSize: raw.RepoSize as bigint,
      StorageMax: raw.StorageMax as bigint,
      NumObjects: (raw.NumObjects as bigint | undefined) ?? 0n,
      RepoPath: typeof raw.RepoPath === 'string' ? raw.RepoPath : '',
      Version: typeof raw.Version === 'string' ? raw.Version : ''
    }
  }
}
