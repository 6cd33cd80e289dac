import { DeadlineExceededError, InvalidRequestError, NotSupportedError } from '@composite-ipfs/interface'
import type { Encoding } from '../exchange.ts'
import type { CallOptions } from '@composite-ipfs/interface'

/** Root options that concern the server or the CLI, never the backend */
const SERVER_OPTIONS = new Set(['encoding', 'streamChannels', 'timeout', 'api', 'apiAuth', 'repoDir', 'configFile', 'debug', 'help', 'h', 'local'])

/** The options object a backend method receives: typed command options, the signal, and caller info */
export function backendOptions (options: Record<string, unknown>, signal: AbortSignal, extra: Partial<CallOptions> = {}): Record<string, unknown> & CallOptions {
  const result: Record<string, unknown> = {}
  // for-in over the parser's plain record: Object.entries would allocate a pair per option
  for (const key in options) {
    if (!SERVER_OPTIONS.has(key) && Object.hasOwn(options, key)) {
      result[key] = options[key]
    }
  }
  return { ...result, ...extra, signal }
}

/**
 * The `encoding` option (go-ipfs-cmds `GetEncoder`): json by default over HTTP; text, textnl and
 * octet-stream are written as text. Kubo also writes xml, which this server does not.
 */
export function parseEncoding (value: string | undefined): Encoding {
  switch (value ?? 'json') {
    case 'json': return 'json'
    case 'text': return 'text'
    case 'textnl': return 'textnl'
    case 'octet-stream': return 'octet-stream'
    case 'xml': throw new NotSupportedError('encoding xml is not supported by this composite node')
    default: throw new InvalidRequestError(`invalid encoding: ${value ?? ''}`)
  }
}

/** Node timers cannot wait longer than this; a longer deadline is as good as none */
const MAX_TIMER = 2 ** 31 - 1

/**
 * When the node's own deadline fires for a caller's `timeout`: a little after it, so that a
 * backend given the same timeout answers it in its own way first (Kubo ends a `refs` stream
 * with `{"Ref":"","Err":"context deadline exceeded"}`); a backend that ignores it is cut here.
 * 10% later, at least 500 ms and at most 5 s.
 */
export function backstopOf (timeoutMs: number): number {
  if (timeoutMs <= 0) return timeoutMs
  return timeoutMs + Math.min(5000, Math.max(500, Math.round(timeoutMs / 10)))
}

export interface Deadline {
  signal: AbortSignal
  clear: () => void
}

/** The request signal, aborted also when the `timeout` deadline passes (Go `context.WithTimeout`) */
export function withDeadline (signal: AbortSignal, timeoutMs: number | undefined): Deadline {
  if (timeoutMs === undefined || timeoutMs > MAX_TIMER) {
    return { signal, clear: () => {} }
  }
  const controller = new AbortController()
  const expire = (): void => { controller.abort(new DeadlineExceededError()) }
  if (timeoutMs <= 0) {
    expire()
  }
  const timer = setTimeout(expire, Math.max(0, timeoutMs))
  return {
    signal: AbortSignal.any([signal, controller.signal]),
    clear: () => { clearTimeout(timer) }
  }
}
