import { spawn } from 'node:child_process'
import { once } from 'node:events'
import type { ChildProcess } from 'node:child_process'

/** A `composite-ipfs serve` running as its own process */
export interface CliNode {
  /** Label for reports and errors */
  readonly name: string
  /** `http://127.0.0.1:PORT` it listens on */
  readonly url: string
  readonly pid: number
  /** Everything it printed so far */
  output(): string
  /** SIGTERM (the CLI drains and exits, writing its CPU profile if asked), SIGKILL after 15 s. Safe to call twice. */
  stop(): Promise<void>
}

export interface StartCliNodeInit {
  name: string
  /** The bundled CLI (see `bundleCli`) */
  bin: string
  /** `serve` flags after `--listen` (which is always a free loopback port) */
  args: string[]
  /**
   * Write a V8 CPU profile into this folder when the process exits (`node --cpu-prof`).
   *
   * @default undefined (no profile)
   */
  cpuProfDir?: string
  /**
   * Extra Node.js flags for the node's process (e.g. `--max-semi-space-size=4`), to measure a tuning.
   *
   * @default []
   */
  nodeFlags?: string[]
  /**
   * How long to wait for `Composite node is ready`.
   *
   * @default 30000
   */
  startTimeoutMs?: number
}

const running = new Set<ChildProcess>()
let hooked = false

function killAll (): void {
  for (const child of running) {
    try { child.kill('SIGKILL') } catch {}
  }
  running.clear()
}

/** Kills every CLI process we started when this process exits, however it exits */
function hookExit (): void {
  if (hooked) return
  hooked = true
  process.on('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll()
      // leave the exit to the testbed's own handler when there is one, else die of the signal
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
    })
  }
}

/**
 * Starts `composite-ipfs serve --listen /ip4/127.0.0.1/tcp/0 <args>` as a child process and
 * resolves once it is ready. The process is killed when this process exits.
 *
 * @example
 * ```ts
 * const node = await startCliNode({ name: 'composite', bin, args: ['--kubo', kubo.apiUrl] })
 * try { ... } finally { await node.stop() }
 * ```
 */
export async function startCliNode (init: StartCliNodeInit): Promise<CliNode> {
  hookExit()
  const profile = init.cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${init.cpuProfDir}`, `--cpu-prof-name=${init.name}-${Date.now()}.cpuprofile`]
  const nodeArgs = [...(init.nodeFlags ?? []), ...profile]
  const child = spawn(process.execPath, [...nodeArgs, init.bin, 'serve', '--listen', '/ip4/127.0.0.1/tcp/0', ...init.args], { stdio: ['ignore', 'pipe', 'pipe'] })
  running.add(child)
  let out = ''
  child.stdout?.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { out += d.toString() })
  const exited = once(child, 'exit').then(() => { running.delete(child) })
  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => { child.kill('SIGKILL') }, 15_000)
      await exited
      clearTimeout(timer)
    })()
    await stopping
  }
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`${init.name} did not start in time:\n${out}`)) }, init.startTimeoutMs ?? 30_000)
      const check = (): void => {
        const match = /\((https?:\/\/127\.0\.0\.1:\d+)\)[\s\S]*Composite node is ready/.exec(out)
        if (match !== null) { clearTimeout(timer); resolve(match[1]) }
      }
      child.stdout?.on('data', check)
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${init.name} exited (${code}):\n${out}`)) })
    })
    return { name: init.name, url, pid: child.pid ?? 0, output: () => out, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
