import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { ChildProcess } from 'node:child_process'

const bin = fileURLToPath(new URL('../../cli/src/bin.ts', import.meta.url))

export interface CliProcess {
  child: ChildProcess
  /** The first http URL the CLI said it listens on */
  url: string
  output: () => string
  /** Peak resident set size of the process so far, in bytes (Linux VmHWM) */
  peakRss: () => Promise<number>
  /** Current resident set size, in bytes (Linux VmRSS) */
  rss: () => Promise<number>
  stop: () => Promise<number | null>
}

/** Runs `composite-ipfs <args>` as its own process, so its memory can be measured apart from the test's */
export async function startCli (args: string[]): Promise<CliProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { out += d.toString() })
  const kill = (): void => { child.kill('SIGKILL') }
  process.once('exit', kill)
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`composite-ipfs did not start:\n${out}`)) }, 30_000)
    const check = (): void => {
      const m = /(https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+)/.exec(out)
      if (m != null) { clearTimeout(timer); resolve(m[1]) }
    }
    child.stdout?.on('data', check)
    child.once('exit', () => { clearTimeout(timer); reject(new Error(`composite-ipfs exited:\n${out}`)) })
  })
  const status = async (key: string): Promise<number> => {
    const { readFile } = await import('node:fs/promises')
    const text = await readFile(`/proc/${child.pid}/status`, 'utf8')
    const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(text)
    return m == null ? 0 : Number(m[1]) * 1024
  }
  return {
    child,
    url,
    output: () => out,
    peakRss: async () => status('VmHWM'),
    rss: async () => status('VmRSS'),
    stop: async () => {
      process.removeListener('exit', kill)
      if (child.exitCode !== null) return child.exitCode
      child.kill('SIGTERM')
      const timer = setTimeout(kill, 10_000)
      const [code] = await once(child, 'exit') as [number | null]
      clearTimeout(timer)
      return code
    }
  }
}
