import { Writable } from 'node:stream'
import { pino } from 'pino'
import pretty from 'pino-pretty'
import { InvalidConfigError } from './errors.ts'
import type { CliIo } from './io.ts'
import type { Logger } from '@composite-ipfs/interface'

export type LogLevel = 'error' | 'warn' | 'info' | 'debug'
export type LogFormat = 'json' | 'pretty'

/** Settings of `composite-ipfs serve` for its log (flags `--log-level`, `--log-format`) */
export interface LoggingConfig {
  /**
   * The lowest level logged: `error`, `warn` (failovers, endpoints down, failed pins, loop
   * refusals), `info` (also one access line per request, and endpoints back) or `debug`
   *
   * @default 'info'
   */
  logLevel?: string
  /**
   * `json` (one JSON object per line, pino's format, for journald or a log shipper) or `pretty`
   *
   * @default 'pretty' when standard error is a terminal, else 'json'
   */
  logFormat?: string
}

export interface ResolvedLogging {
  logLevel: LogLevel
  logFormat: LogFormat
}

export const LOGGING_STRINGS = ['logLevel', 'logFormat'] as const
const LEVELS = ['error', 'warn', 'info', 'debug']
const FORMATS = ['json', 'pretty']

/**
 * Fields that may carry a secret, in any line: the log never shows them (URLs are written with
 * `redactUrl`, which drops their userinfo and query, before they reach a line)
 */
const REDACTED = ['authorization', '*.authorization', 'headers.authorization', 'headers.cookie', 'password', '*.password', 'token', '*.token', 'secret', '*.secret']

export function resolveLogging (merged: LoggingConfig, isTty: boolean): ResolvedLogging {
  const { logLevel = 'info', logFormat = isTty ? 'pretty' : 'json' } = merged
  if (!LEVELS.includes(logLevel)) throw new InvalidConfigError(`--log-level "${logLevel}" is not a level; accepted: ${LEVELS.join(', ')}`)
  if (!FORMATS.includes(logFormat)) throw new InvalidConfigError(`--log-format "${logFormat}" is not a format; accepted: ${FORMATS.join(', ')}`)
  return { logLevel: logLevel as LogLevel, logFormat: logFormat as LogFormat }
}

/** The node's one logger (pino), writing to standard error through `io` */
export function createLogger (config: ResolvedLogging, io: CliIo): Logger {
  const sink = new Writable({
    write (chunk: Buffer | string, _encoding, callback) {
      io.stderr(chunk.toString().replace(/\n$/, ''))
      callback()
    }
  })
  const destination = config.logFormat === 'pretty' ? pretty({ destination: sink, sync: true, colorize: false, translateTime: 'SYS:standard', ignore: 'pid,hostname' }) : sink
  return pino({ level: config.logLevel, base: undefined, redact: { paths: REDACTED, censor: '[redacted]' } }, destination)
}
