import { readText } from '@composite-ipfs/rpc-client'
import { ClusterApiError } from './errors.ts'
import type { ClusterApiErrorBody } from './rest-types.ts'
import type { EndpointFailedError } from '@composite-ipfs/interface'
import type { RpcResponse } from '@composite-ipfs/rpc-client'

/**
 * rpc-client moves an idempotent call to the next endpoint on a 5xx without a Kubo error body,
 * and REST errors (`{"code","message"}`) are not Kubo bodies: a peer in trouble is skipped, but
 * a definite answer (`cannot repin ...`) ends as "no upstream endpoint could serve". When every
 * endpoint answered with a REST error, that answer is the result: rebuild it from the
 * failures' fields (`endpoint`, `upstreamStatus`, `body`).
 */
export function restAnswer (err: unknown): ClusterApiError | undefined {
  const failures = (err as { code?: string, errors?: unknown }).code === 'ERR_UPSTREAM_UNAVAILABLE' ? (err as { errors: unknown }).errors : undefined
  if (!Array.isArray(failures) || failures.length === 0) return undefined
  let answer: ClusterApiError | undefined
  for (const failure of failures as Array<Partial<EndpointFailedError>>) {
    const { endpoint, upstreamStatus, body } = failure
    if (endpoint === undefined || upstreamStatus === undefined || body === undefined) return undefined
    const message = restMessage(body)
    if (message === undefined) return undefined
    answer = new ClusterApiError(message, { endpoint, upstreamStatus, body, cause: err })
  }
  return answer
}

function restMessage (text: string): string | undefined {
  try {
    const body = JSON.parse(text) as ClusterApiErrorBody
    return typeof body.message === 'string' ? body.message : undefined
  } catch {
    return undefined
  }
}

/** The `ClusterApiError` of a REST answer >= 300 (`{"code","message"}`, or any text from a proxy) */
export async function apiError (res: RpcResponse): Promise<ClusterApiError> {
  const text = (await readText(res.body, 1 << 20).catch(() => '')).trim()
  let message = text === '' ? `HTTP ${res.status}` : text
  try {
    const body = JSON.parse(text) as ClusterApiErrorBody
    if (typeof body.message === 'string' && body.message !== '') message = body.message
  } catch {
    // not JSON (a proxy in front of the cluster): keep the text
  }
  return new ClusterApiError(message, { endpoint: res.endpoint, upstreamStatus: res.status, body: text })
}
