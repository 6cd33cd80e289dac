import { request } from 'undici'
import type { HeaderPolicyUpstream } from './init.ts'
import type { Dispatcher } from 'undici'

/** What came back from a probe: status, lower-cased headers and the (small) body */
export interface ProbeAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

const MAX_BODY = 64 * 1024

/**
 * Sends the small requests the upstream policy needs (preflights, origin checks, `version`)
 * to the daemon. These carry the caller's `Origin`/`Referer` on purpose: the point is to
 * hear the daemon's own verdict on them.
 */
export class UpstreamProbe {
  /** The daemon's origin, printable (no credentials) */
  readonly label: string
  private readonly base: string
  private readonly authorization?: string
  private readonly dispatcher?: Dispatcher
  private readonly timeout: number

  constructor (upstream: HeaderPolicyUpstream) {
    const url = new URL(upstream.url)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported upstream protocol ${url.protocol}`)
    this.base = url.origin
    this.label = url.origin
    this.authorization = upstream.authorization
    this.dispatcher = upstream.dispatcher
    this.timeout = upstream.timeout ?? 5000
  }

  async send (method: 'OPTIONS' | 'POST', path: string, headers: Record<string, string | undefined>, signal?: AbortSignal): Promise<ProbeAnswer> {
    const deadline = AbortSignal.timeout(this.timeout)
    const sent: Record<string, string> = {}
    for (const [k, v] of Object.entries({ ...headers, authorization: this.authorization })) {
      if (v !== undefined) sent[k] = v
    }
    const res = await request(`${this.base}${path}`, {
      method,
      headers: sent,
      dispatcher: this.dispatcher,
      signal: signal === undefined ? deadline : AbortSignal.any([signal, deadline])
    })
    return { status: res.statusCode, headers: res.headers, body: await readSmall(res.body) }
  }
}

/** Reads up to MAX_BODY bytes of text and drops the rest: probes only need a verdict */
async function readSmall (body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    if (size < MAX_BODY) chunks.push(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY)
}
