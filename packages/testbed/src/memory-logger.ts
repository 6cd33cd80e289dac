import type { LogFn, Logger } from '@composite-ipfs/interface'

/** One line a {@link MemoryLogger} kept: its level, message and fields (bindings included) */
export interface LogLine extends Record<string, unknown> {
  level: 'error' | 'warn' | 'info' | 'debug'
  msg: string
}

/** A `Logger` that keeps its lines, for tests that check what a component logged */
export interface MemoryLogger extends Logger {
  readonly lines: LogLine[]
  /** The messages of the lines at `level` or above */
  messages: (level?: LogLine['level']) => string[]
}

const RANK = { debug: 0, info: 1, warn: 2, error: 3 } as const

/**
 * A logger for tests: every line is kept in `lines`, children share them.
 *
 * @example
 * ```ts
 * const logger = memoryLogger()
 * const backend = clusterConnector({ rest, logger })
 * expect(logger.messages('warn')).toEqual([])
 * ```
 */
export function memoryLogger (): MemoryLogger {
  const lines: LogLine[] = []
  const make = (bindings: Record<string, unknown>): Logger => {
    const at = (level: LogLine['level']): LogFn => ((fields: Record<string, unknown> | string, message?: string) => {
      if (typeof fields === 'string') lines.push({ ...bindings, level, msg: fields })
      else lines.push({ ...bindings, ...fields, level, msg: message ?? '' })
    }) as LogFn
    return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), child: (more) => make({ ...bindings, ...more }) }
  }
  return Object.assign(make({}), {
    lines,
    messages: (level: LogLine['level'] = 'debug') => lines.filter((line) => RANK[line.level] >= RANK[level]).map((line) => line.msg)
  })
}
