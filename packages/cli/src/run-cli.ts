import { readFileSync } from 'node:fs'
import { parseServeArgs, SERVE_USAGE } from './args.ts'
import { loadConfigFile, resolveConfig } from './config.ts'
import { processIo } from './io.ts'
import { runPins } from './pins.ts'
import { serve } from './serve.ts'
import type { ServeConfig } from './config.ts'
import type { CliIo } from './io.ts'

export const USAGE = `Usage: composite-ipfs <command> [options]

Commands:
  serve      serve the Kubo RPC API from a Kubo daemon or an ipfs-cluster
  pins       list the pins composite nodes claimed on a cluster, with their owners
  version    print the version
  help       show this help

Run \`composite-ipfs <command> --help\` for the options of a command.`

export interface RunCliOptions {
  /**
   * Where output goes.
   *
   * @default the process's stdout and stderr
   */
  io?: CliIo
  /**
   * Environment to read secrets from.
   *
   * @default process.env
   */
  env?: NodeJS.ProcessEnv
  /**
   * Resolves (with a reason for the log) when `serve` should shut down.
   *
   * @default the first SIGINT or SIGTERM (a second one exits at once, with code 1)
   */
  shutdown?: Promise<string>
}

function version (): string {
  // the same relative path from src/ and from dist/
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version
}

function signals (): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.removeListener('SIGINT', onSignal)
      process.removeListener('SIGTERM', onSignal)
      process.once('SIGINT', () => process.exit(1))
      process.once('SIGTERM', () => process.exit(1))
      resolve(signal)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}

async function runServe (argv: string[], io: CliIo, options: RunCliOptions): Promise<number> {
  const args = parseServeArgs(argv)
  if (args.help) {
    io.stdout(SERVE_USAGE)
    return 0
  }
  const file: ServeConfig = args.configFile === undefined ? {} : await loadConfigFile(args.configFile)
  const config = await resolveConfig(file, args.flags, options.env ?? process.env, options.io === undefined && process.stderr.isTTY)
  return await serve(config, io, { shutdown: options.shutdown ?? signals() })
}

/**
 * Runs the `composite-ipfs` command with `argv` (without `node` and the script) and returns
 * the exit code: 0 on success (including a clean shutdown of `serve`), 2 for a bad command
 * line or config, 1 for any other failure.
 *
 * @example
 *
 * ```ts
 * import { runCli } from '@composite-ipfs/cli'
 *
 * process.exitCode = await runCli(['serve', '--listen', '/ip4/127.0.0.1/tcp/5001', '--kubo', 'http://127.0.0.1:5002'])
 * ```
 */
export async function runCli (argv: string[], options: RunCliOptions = {}): Promise<number> {
  const io = options.io ?? processIo
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'serve':
        return await runServe(rest, io, options)
      case 'pins':
        return await runPins(rest, io, options.env ?? process.env)
      case 'version':
      case '--version':
        io.stdout(`composite-ipfs ${version()}`)
        return 0
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE)
        return 0
      default:
        io.stderr(`composite-ipfs: unknown command "${command}"\n\n${USAGE}`)
        return 2
    }
  } catch (err: any) {
    if (err?.code === 'ERR_INVALID_CONFIG') {
      io.stderr(`composite-ipfs: ${err.message}\nRun \`composite-ipfs ${command} --help\` for usage.`)
      return 2
    }
    io.stderr(`composite-ipfs: ${err?.message ?? err}`)
    return 1
  }
}
