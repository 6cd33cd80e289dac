import { AbortedError, CompositeIpfsError, DeadlineExceededError, EndpointFailedError, UpstreamError, UpstreamUnavailableError } from '@composite-ipfs/interface'
import type { CallSignals } from './call-signals.ts'

/** Statuses that say "this endpoint cannot serve now" whatever the body */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504])

/** Socket-level failures: the endpoint was unreachable, refused, reset or timed out */
const TRANSPORT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'ETIMEDOUT', 'ENOENT', 'EPROTO', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_SOCKET'
])

/** Whether `err` is a transport failure (including TLS handshake refusals) rather than a caller mistake */
export function isTransportError (err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return false
  return TRANSPORT_CODES.has(code) || /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/.test(code)
}

/** An idempotent request got a 5xx that is not a Kubo command error: try the next endpoint */
export class RetryableStatusError extends Error {
  readonly status: number
  /** The answer's body as text */
  readonly body: string

  constructor (status: number, body: string) {
    super(`${status}${body.trim() === '' ? '' : `: ${body.trim().slice(0, 200)}`}`)
    this.name = 'RetryableStatusError'
    this.status = status
    this.body = body
  }
}

/** One endpoint's failure as `UpstreamUnavailableError.errors` holds it: the fields, not only a message */
export function endpointFailure (endpoint: string, err: unknown): EndpointFailedError {
  if (err instanceof RetryableStatusError) {
    return new EndpointFailedError({ endpoint, reason: err.message, upstreamStatus: err.status, body: err.body, cause: err })
  }
  return new EndpointFailedError({ endpoint, reason: (err as Error)?.message ?? String(err), cause: err })
}

/** What is known about one failed attempt, to decide whether another endpoint may take it */
export interface AttemptFacts {
  /** undici began writing the request to a socket */
  started: boolean
  idempotent: boolean
  /** the body can be sent again (not a stream already pulled) */
  replayable: boolean
}

/**
 * Reads (idempotent) move on after transport failures, timeouts before headers and
 * {@link RetryableStatusError}s. Writes move on only when nothing was sent: a write that
 * reached a daemon may have taken effect, so it is never replayed blindly.
 */
export function shouldFailover (err: unknown, facts: AttemptFacts): boolean {
  if (!facts.replayable) return false
  if (err instanceof RetryableStatusError) return facts.idempotent
  if (!isTransportError(err)) return false
  return !facts.started || facts.idempotent
}

/** The error an aborted call ends with, or undefined when neither signal fired */
export function abortError (signals: CallSignals, cause?: unknown): CompositeIpfsError | undefined {
  if (signals.deadline?.aborted === true) return new DeadlineExceededError('context deadline exceeded', { cause })
  if (signals.caller?.aborted === true) return new AbortedError('context canceled', { cause })
  return undefined
}

/** An error that ends a call as it is: one of ours (an `UpstreamUnavailableError` is an `AggregateError`) */
export function isCallError (err: unknown): err is CompositeIpfsError | UpstreamUnavailableError {
  return err instanceof CompositeIpfsError || err instanceof UpstreamUnavailableError
}

/** Maps an error raised while a response body streams in */
export function bodyError (err: unknown, signals: CallSignals, endpoint: string, status: number): Error {
  const aborted = abortError(signals, err)
  if (aborted !== undefined) return aborted
  if (isCallError(err)) return err
  const reason = (err as Error)?.message ?? String(err)
  const what = (err as { code?: string })?.code === 'UND_ERR_BODY_TIMEOUT' ? 'stalled' : 'failed'
  // the upstream outcome is unknown: end our own stream abnormally too
  return new UpstreamError(`upstream ${endpoint} ${what} mid-response: ${reason}`, { endpoint, upstreamStatus: status, abortStream: true, cause: err })
}

/** One failure per endpoint tried, labelled, then the error the call ends with */
export function unavailableError (failures: Error[], sentWrite: boolean): UpstreamUnavailableError {
  const detail = failures.map(f => f.message).join('; ')
  const message = sentWrite
    ? `upstream request failed after it was sent, not retried: ${detail}`
    : `no upstream endpoint could serve the request: ${detail}`
  return new UpstreamUnavailableError(message, failures)
}
