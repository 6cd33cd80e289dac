import { rmSync } from 'node:fs'
import { reaperWatch } from './reaper.ts'

const pids = new Set<number>()
const dirs = new Set<string>()
let hooked = false

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

function killAllSync (): void {
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL') } catch {}
  }
  pids.clear()
  for (const dir of dirs) {
    try { rmSync(dir, { recursive: true, force: true }) } catch {}
  }
  dirs.clear()
  reaperWatch.dismiss()
}

function onSignal (signal: NodeJS.Signals): void {
  killAllSync()
  // when nobody else handles the signal, die of it as we would have without this hook
  process.removeListener(signal, onSignal)
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

function hook (): void {
  if (hooked) return
  hooked = true
  // 'exit' also runs after an uncaught exception or an unhandled rejection
  process.on('exit', killAllSync)
  for (const signal of SIGNALS) process.on(signal, onSignal)
}

/**
 * Every daemon and temp directory the testbed creates is registered here, and killed or
 * removed when this process exits, however it exits: normally, on a signal, on an uncaught
 * error (exit hook) or on SIGKILL (the reaper process).
 */
export const registry = {
  addProcess (pid: number): void {
    hook()
    pids.add(pid)
    reaperWatch.pid(pid)
  },
  removeProcess (pid: number): void {
    if (pids.delete(pid)) reaperWatch.unwatchPid(pid)
  },
  addDir (path: string): void {
    hook()
    dirs.add(path)
    reaperWatch.dir(path)
  },
  removeDir (path: string): void {
    dirs.delete(path)
  }
}
