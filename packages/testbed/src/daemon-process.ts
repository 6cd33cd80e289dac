import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { DaemonStartError } from './errors.ts'
import { LogBuffer } from './log-buffer.ts'
import { registry } from './process-registry.ts'
import type { ChildProcess } from 'node:child_process'

export interface DaemonProcessInit {
  /** For messages: `kubo`, `cluster peer 1` */
  name: string
  command: string
  args: string[]
  env: NodeJS.ProcessEnv
  /** Kept output per daemon (stdout and stderr interleaved by line) */
  logBytes: number
}

type LineWatcher = (line: string) => void

/** Lines of a failed daemon's log shown in error messages */
const ERROR_LOG_LINES = 40

/**
 * One long-running daemon child process: its output is kept in a bounded buffer, watched
 * line by line for readiness, and the process is registered for kill-on-exit.
 */
export class DaemonProcess {
  readonly name: string
  readonly child: ChildProcess
  readonly pid: number
  /** Resolves with the exit code (or null after a signal) once the process is gone */
  readonly exited: Promise<number | null>
  private readonly buffer: LogBuffer
  private readonly watchers = new Set<LineWatcher>()
  private exitCode: number | null | undefined

  constructor (init: DaemonProcessInit) {
    this.name = init.name
    this.buffer = new LogBuffer(init.logBytes)
    this.child = spawn(init.command, init.args, { env: init.env, stdio: ['ignore', 'pipe', 'pipe'] })
    if (this.child.pid === undefined) throw new DaemonStartError(`could not spawn ${init.command}`)
    this.pid = this.child.pid
    registry.addProcess(this.pid)
    const onLine = (line: string): void => {
      this.buffer.append(line)
      for (const watch of this.watchers) watch(line)
    }
    createInterface({ input: this.child.stdout! }).on('line', onLine)
    createInterface({ input: this.child.stderr! }).on('line', onLine)
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => {
        this.exitCode = code
        registry.removeProcess(this.pid)
        resolve(code)
      })
    })
  }

  get running (): boolean {
    return this.exitCode === undefined
  }

  logs (): string {
    return this.buffer.toString()
  }

  /** The last lines of the log, for error messages */
  logTail (lines = ERROR_LOG_LINES): string {
    return this.logs().trimEnd().split('\n').slice(-lines).join('\n')
  }

  /**
   * Resolves with the match of the first line (from now on) matching `pattern`; rejects when
   * the daemon exits first or `timeoutMs` passes. Watch before doing what prints the line.
   */
  async waitForLine (pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return await new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer)
        this.watchers.delete(watch)
        this.child.removeListener('exit', onExit)
      }
      const watch: LineWatcher = (line) => {
        const match = line.match(pattern)
        if (match !== null) { cleanup(); resolve(match) }
      }
      const onExit = (code: number | null, signal: string | null): void => {
        cleanup()
        reject(new DaemonStartError(`${this.name} exited (code ${code}, signal ${signal}) before printing ${pattern}:\n${this.logTail()}`))
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new DaemonStartError(`${this.name} did not print ${pattern} within ${timeoutMs} ms:\n${this.logTail()}`))
      }, timeoutMs)
      if (!this.running) { onExit(this.exitCode ?? null, null); return }
      this.watchers.add(watch)
      this.child.once('exit', onExit)
    })
  }

  /** SIGTERM, then SIGKILL when the daemon is still there after `graceMs` */
  async stop (graceMs: number): Promise<void> {
    if (!this.running) return
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => { this.child.kill('SIGKILL') }, graceMs)
    try {
      await this.exited
    } finally {
      clearTimeout(timer)
    }
  }
}
