/**
 * The logger every package takes as a component (`init.logger`), in the manner of js-libp2p's
 * `ComponentLogger`: levelled, structured, and a subset of pino's `Logger`, so a pino logger
 * is one as it is. Fields go first, the message last: `log.warn({ endpoint }, 'endpoint down')`.
 * Packages never write to the console; without a logger they log nothing.
 */
export interface LogFn {
  (fields: Record<string, unknown>, message: string): void
  (message: string): void
}

export interface Logger {
  error: LogFn
  warn: LogFn
  info: LogFn
  debug: LogFn
  /** A logger whose lines all carry `bindings` (e.g. `{ component: 'cluster-connector' }`) */
  child: (bindings: Record<string, unknown>) => Logger
}

const nothing: LogFn = () => {}

/** A logger that drops every line: the default of every component */
export const silentLogger: Logger = { error: nothing, warn: nothing, info: nothing, debug: nothing, child: () => silentLogger }

/** `logger`, or the silent one, bound to `component` */
export function componentLogger (logger: Logger | undefined, component: string): Logger {
  return logger === undefined ? silentLogger : logger.child({ component })
}
