import { UpstreamError } from '@composite-ipfs/interface'
import { parseJsonBigInts } from './json-bigint.ts'
import { kuboError, streamError } from './kubo-error.ts'
import { parseNdjson } from './ndjson.ts'
import { toSearchParams } from './query.ts'
import { bufferedText, readText } from './read-body.ts'
import { BufferedBody } from './response.ts'
import type { RpcResponse } from './response.ts'
import type { KuboCallOptions, RpcRequest } from './types.ts'

type Send = (request: RpcRequest) => Promise<RpcResponse>

/** The request for `/api/v0/<command>`: `query` first, then `args` as repeated `arg` */
export function kuboRequest (command: string, options: KuboCallOptions = {}): RpcRequest {
  const { args = [], bigints: _b, abortStreamOnError: _a, query, ...rest } = options
  // a caller's URLSearchParams (toQuery's) is sent as is: it is only copied to add `arg`s to it
  const params = query instanceof URLSearchParams && args.length === 0 ? query : toSearchParams(query)
  for (const arg of args) params.append('arg', arg)
  return { ...rest, method: 'POST', path: `/api/v0/${command.replace(/^\/+/, '')}`, query: params }
}

/** Throws the Kubo error of a non-200 answer */
export async function throwIfFailed (res: RpcResponse): Promise<void> {
  if (res.status === 200) return
  throw kuboError(res.status, await readText(res.body, 1 << 20), res.endpoint)
}

/** Throws the `X-Stream-Error` trailer, if the upstream ended with one */
export async function throwIfStreamError (res: RpcResponse, abortStream = false): Promise<void> {
  const message = (await res.trailers)['x-stream-error']
  if (message !== undefined && message !== '') throw streamError(message, res.endpoint, abortStream)
}

function parser<T> (endpoint: string, bigints: readonly string[] | undefined): (text: string) => T {
  return function parseUpstreamJson (text) {
    try {
      return bigints === undefined ? JSON.parse(text) as T : parseJsonBigInts<T>(text, bigints)
    } catch (err) {
      throw new UpstreamError(`invalid JSON from upstream: ${(err as Error).message}`, { endpoint, upstreamStatus: 200, cause: err })
    }
  }
}

export async function kuboJson<T> (send: Send, command: string, options: KuboCallOptions = {}): Promise<T> {
  const res = await send(kuboRequest(command, options))
  let text: string
  if (res.status === 200 && res.body instanceof BufferedBody) {
    // read whole already (the client's buffered answers): the same checks, without an await each
    text = bufferedText(res.body)
    const message = res.body.trailers['x-stream-error']
    if (message !== undefined && message !== '') throw streamError(message, res.endpoint, false)
  } else {
    await throwIfFailed(res)
    text = await readText(res.body)
    await throwIfStreamError(res)
  }
  if (!/\S/.test(text)) { // blank (text.trim() would copy the whole body)
    throw new UpstreamError(`upstream answered ${command} with an empty body`, { endpoint: res.endpoint, upstreamStatus: res.status })
  }
  return parser<T>(res.endpoint, options.bigints)(text)
}

export async function * kuboNdjson<T> (send: Send, command: string, options: KuboCallOptions = {}): AsyncGenerator<T, void, undefined> {
  const res = await send(kuboRequest(command, options))
  await throwIfFailed(res)
  yield * parseNdjson<T>(res.body, parser<T>(res.endpoint, options.bigints))
  await throwIfStreamError(res, options.abortStreamOnError)
}
