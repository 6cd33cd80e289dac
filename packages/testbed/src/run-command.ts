import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

export interface RunCommandOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Called with every line the command writes, stdout and stderr alike */
  onLine?: (line: string) => void
  signal?: AbortSignal
}

export interface CommandResult {
  code: number | null
  stdout: string
  /** The last lines of stderr, for error messages */
  stderr: string
}

/** The last 64 KiB of stderr is enough to explain a failed go build */
const STDERR_KEEP = 64 * 1024

/** Runs a short-lived command to completion; never throws for a non-zero exit (callers decide) */
export async function runCommand (command: string, args: string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: options.signal
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => { stdout += chunk })
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr = (stderr + line + '\n').slice(-STDERR_KEEP)
    options.onLine?.(line)
  })
  return await new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => { resolve({ code, stdout, stderr }) })
  })
}
