import { Agent, request } from 'undici'
import type { Dispatcher } from 'undici'

/**
 * The harness's HTTP client: keep-alive connections, enough of them for the highest
 * concurrency, no timeouts (a 1 GiB add through a slow path must not be cut).
 */
export function benchAgent (connections = 128): Agent {
  return new Agent({ connections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 })
}

export interface CallInit {
  method?: Dispatcher.HttpMethod
  /** A request body; async iterables are streamed (undici accepts them, its types do not say so) */
  body?: string | Uint8Array | AsyncIterable<Uint8Array>
  headers?: Record<string, string>
  signal?: AbortSignal
}

/** A non-2xx answer, with the start of its body */
export class HttpStatusError extends Error {
  static override readonly name = 'HttpStatusError'
  override readonly name = 'HttpStatusError'
  readonly status: number
  constructor (url: string, status: number, body: string) {
    super(`${url} answered ${status}: ${body.slice(0, 300)}`)
    this.status = status
  }
}

/** Sends one request and returns the answer once its status is known; throws on non-2xx */
export async function call (dispatcher: Dispatcher, url: string, init: CallInit = {}): Promise<Dispatcher.ResponseData> {
  const body = init.body as Dispatcher.DispatchOptions['body']
  const res = await request(url, { method: init.method ?? 'POST', body, headers: init.headers, signal: init.signal, dispatcher })
  if (res.statusCode >= 300) throw new HttpStatusError(url, res.statusCode, await res.body.text().catch(() => ''))
  return res
}

/** Sends one request and reads the whole answer as text */
export async function callText (dispatcher: Dispatcher, url: string, init: CallInit = {}): Promise<string> {
  return await (await call(dispatcher, url, init)).body.text()
}

/** Sends one request and parses the JSON answer */
export async function callJson<T> (dispatcher: Dispatcher, url: string, init: CallInit = {}): Promise<T> {
  return JSON.parse(await callText(dispatcher, url, init)) as T
}

/** Calls `onLine` for every complete NDJSON line of `body` as it streams in */
export async function eachLine (body: AsyncIterable<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder()
  let rest = ''
  for await (const chunk of body) {
    rest += decoder.decode(chunk, { stream: true })
    let start = 0
    let nl = rest.indexOf('\n')
    while (nl !== -1) {
      if (nl > start) onLine(rest.slice(start, nl))
      start = nl + 1
      nl = rest.indexOf('\n', start)
    }
    rest = rest.slice(start)
  }
  rest += decoder.decode()
  if (rest.trim() !== '') onLine(rest)
}

/** `base` + `/api/v0/<command>` + query (repeated keys from arrays) */
export function rpcUrl (base: string, command: string, query: Record<string, string | string[]> = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item)
  }
  const qs = params.toString()
  return `${base}/api/v0/${command}${qs === '' ? '' : `?${qs}`}`
}
