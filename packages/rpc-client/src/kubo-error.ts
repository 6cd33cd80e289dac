import { KuboErrorCode, UpstreamError } from '@composite-ipfs/interface'

/** Kubo's command error body: `{"Message":"…","Code":0,"Type":"error"}` */
export interface KuboErrorBody {
  Message: string
  Code?: number
  Type?: string
}

/** How Go's encoder starts a Kubo error body: `Message` is the struct's first field */
const MESSAGE_START = '{"Message":"'

/**
 * Parses `text` as a Kubo error body; undefined when it is not one. A body cut short (a
 * message longer than the reader keeps, such as Kubo's `invalid path` quoting a 300 KB
 * argument) still is one: its `Message` is what survived, and its `Code` is unknown.
 */
export function parseKuboError (text: string): KuboErrorBody | undefined {
  const trimmed = text.trim()
  if (!trimmed.startsWith('{')) return undefined
  try {
    const value: unknown = JSON.parse(trimmed)
    if (typeof value === 'object' && value !== null && typeof (value as KuboErrorBody).Message === 'string') {
      return value as KuboErrorBody
    }
    return undefined
  } catch {}
  const message = cutMessage(trimmed)
  return message === undefined ? undefined : { Message: message }
}

/** The `Message` string of a cut error body, up to where it ends or was cut */
function cutMessage (text: string): string | undefined {
  if (!text.startsWith(MESSAGE_START)) return undefined
  let at = MESSAGE_START.length
  while (at < text.length && text[at] !== '"') {
    if (text[at] !== '\\') {
      at++
      continue
    }
    const size = text[at + 1] === 'u' ? 6 : 2
    if (at + size > text.length) break // an escape cut in half is dropped
    at += size
  }
  try {
    // a cut inside a multi-byte character decoded as U+FFFD: not part of the message
    return (JSON.parse(`${text.slice(MESSAGE_START.length - 1, at)}"`) as string).replace(/\uFFFD$/, '')
  } catch {
    return undefined // a control character or a bad escape: not Go's encoding
  }
}

/**
 * Whether a 5xx body is a definite answer from a live daemon rather than a sign of a sick
 * endpoint: Kubo's `{"Message",...}` or ipfs-cluster REST's `{"code","message"}`. Such an
 * answer is returned as it is, never failed over (another endpoint would say the same).
 */
export function isErrorAnswer (text: string): boolean {
  if (parseKuboError(text) !== undefined) return true
  const trimmed = text.trim()
  if (!trimmed.startsWith('{')) return false
  try {
    const value: unknown = JSON.parse(trimmed)
    return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string'
  } catch {
    return false
  }
}

/** Kubo codes for plain-text transport errors (go-ipfs-cmds `http/client.go` mapping) */
function codeOfStatus (status: number): number {
  if (status === 400 || status === 404) return KuboErrorCode.Client
  if (status === 403) return KuboErrorCode.Forbidden
  if (status === 429) return KuboErrorCode.RateLimited
  return KuboErrorCode.Normal
}

/**
 * The error for a non-200 Kubo answer.
 * - A JSON error body keeps its `Message` verbatim (its texts are part of the contract) and its
 *   `Code`; the status follows Kubo's rule: 400 for `Code` 1 (client error), 500 otherwise.
 * - Any other body (Kubo's plain-text 403, 404 and 405, a proxy's page) is `transport`: the
 *   client gets the upstream's status and text, as it would from Kubo itself. The message is
 *   the text without the newline Go's `http.Error` adds (the writer adds it back).
 */
export function kuboError (status: number, text: string, endpoint: string): UpstreamError {
  const body = parseKuboError(text)
  if (body !== undefined) {
    // a body cut before its Code: Kubo answers 400 only for client errors
    const kuboCode = typeof body.Code === 'number' ? body.Code : status === 400 ? KuboErrorCode.Client : KuboErrorCode.Normal
    return new UpstreamError(body.Message, { endpoint, upstreamStatus: status, kuboCode, body: text })
  }
  const message = text.replace(/\r?\n$/, '')
  return new UpstreamError(message === '' ? `upstream answered ${status}` : message, {
    endpoint,
    upstreamStatus: status,
    body: text,
    status,
    kuboCode: codeOfStatus(status),
    transport: true
  })
}

/** The error for an `X-Stream-Error` trailer: the command failed after its first byte */
export function streamError (message: string, endpoint: string, abortStream = false): UpstreamError {
  return new UpstreamError(message, { endpoint, upstreamStatus: 200, abortStream })
}
