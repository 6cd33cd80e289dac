/**
 * Declarative specs of Kubo RPC commands: the wire grammar shared by the server (which parses
 * requests with it) and the connectors (which serialise typed options back with it).
 * Read from Kubo v0.42 `core/commands` and go-ipfs-cmds.
 */

/** Option value types, as go-ipfs-cmds parses them */
export type OptionType = 'bool' | 'int' | 'uint' | 'int64' | 'uint64' | 'string' | 'strings'

export interface OptionSpec {
  /** The canonical (long) wire name, e.g. `cid-version` */
  readonly name: string
  /** Other accepted names, e.g. `r` for `recursive` */
  readonly aliases?: readonly string[]
  readonly type: OptionType
}

export interface ArgSpec {
  readonly name: string
  readonly required: boolean
  /** Takes all remaining `arg` values */
  readonly variadic: boolean
  /** `file` arguments come from the multipart body */
  readonly kind: 'string' | 'file'
}

/** How a command answers: one JSON value, NDJSON values, or a byte stream */
export type OutputKind = 'single' | 'stream' | 'bytes'

export interface CommandSpec {
  /** The path under `/api/v0/`, e.g. `pin/add` */
  readonly path: string
  readonly args: readonly ArgSpec[]
  readonly options: readonly OptionSpec[]
  /** The default output kind; some commands switch on an option (pin/ls `stream`, pin/add `progress`) */
  readonly output: OutputKind
  /** Whether the command changes state (used by read-only scopes) */
  readonly mutating: boolean
}

/** The typed-options key of a wire option name: `cid-version` becomes `cidVersion` */
export function optionKey (name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

export const arg = (name: string, required: boolean, variadic: boolean, kind: 'string' | 'file' = 'string'): ArgSpec =>
  ({ name, required, variadic, kind })

export const bool = (name: string, ...aliases: string[]): OptionSpec => ({ name, aliases, type: 'bool' })
export const int = (name: string, ...aliases: string[]): OptionSpec => ({ name, aliases, type: 'int' })
export const uint = (name: string, ...aliases: string[]): OptionSpec => ({ name, aliases, type: 'uint' })
export const int64 = (name: string, ...aliases: string[]): OptionSpec => ({ name, aliases, type: 'int64' })
export const string = (name: string, ...aliases: string[]): OptionSpec => ({ name, aliases, type: 'string' })
export const strings = (name: string, ...aliases: string[]): OptionSpec => ({ name, aliases, type: 'strings' })

/** Options of Kubo's root command, accepted by every command */
export const globalOptions: readonly OptionSpec[] = [
  string('encoding', 'enc'),
  bool('stream-channels'),
  string('timeout'),
  string('cid-base'),
  bool('upgrade-cidv0-in-output'),
  bool('offline'),
  string('api'),
  string('api-auth'),
  string('repo-dir'),
  string('config-file'),
  bool('debug', 'D'),
  bool('help'),
  bool('h'),
  bool('local', 'L')
]
