import { commands } from '@composite-ipfs/interface'
import type { CommandName, CommandSpec } from '@composite-ipfs/interface'

/** A command with a typed handler */
export interface TypedRoute {
  kind: 'typed'
  /** The command path, e.g. `pin/add` */
  command: string
  name: CommandName
  spec: CommandSpec
  /** The last URL segment when it is not part of the command (`/pin/add/<cid>`) */
  pathArgs: string[]
}

/** Any other path under `/api/v0/`: forwarded as-is, or 404 */
export interface UntypedRoute {
  kind: 'untyped'
  command: string
}

export type Route = TypedRoute | UntypedRoute

const byPath = new Map<string, { name: CommandName, spec: CommandSpec }>(
  (Object.entries(commands) as Array<[CommandName, CommandSpec]>).map(([name, spec]) => [spec.path, { name, spec }])
)

const API_PREFIX = '/api/v0/'

/** The decoded path under `/api/v0/` (Go routes on the decoded path), or `undefined` outside the API */
export function apiPath (pathname: string): string | undefined {
  if (!pathname.startsWith(API_PREFIX)) {
    return undefined
  }
  const rest = pathname.slice(API_PREFIX.length)
  try {
    return decodeURIComponent(rest)
  } catch {
    return rest
  }
}

/**
 * go-ipfs-cmds resolves all but the last segment as the command, then takes the last segment
 * as a subcommand if there is one, else as the first argument: `/pin/add/<cid>`, and `/id/`
 * (an empty argument).
 */
export function routeOf (path: string): Route {
  const exact = byPath.get(path)
  if (exact !== undefined) {
    return { kind: 'typed', command: path, ...exact, pathArgs: [] }
  }
  const slash = path.lastIndexOf('/')
  const parent = slash === -1 ? undefined : byPath.get(path.slice(0, slash))
  if (parent !== undefined) {
    return { kind: 'typed', command: parent.spec.path, ...parent, pathArgs: [path.slice(slash + 1)] }
  }
  return { kind: 'untyped', command: path }
}
