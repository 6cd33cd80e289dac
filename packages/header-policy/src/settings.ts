import { canonicalHeaderName } from '@composite-ipfs/interface'
import type { CorsOptions } from './cors.ts'
import type { HeaderPolicyInit } from './init.ts'

/** A header of command responses; several values become several header lines */
export type CommandHeader = readonly [name: string, value: string | string[]]

/**
 * The headers Kubo's `addHeadersFromConfig` puts on every command response, by init key, with
 * their defaults. The `Access-Control-Allow-Headers`/`-Expose-Headers` lists are not here: they
 * belong to the go-ipfs-cmds preamble, which the server writes only once a command answers
 * (a 400 `invalid encoding` has `Server` but not them, as on a real Kubo).
 */
const KUBO_HEADERS = {
  server: ['Server', 'kubo/0.42.0']
} as const satisfies Record<string, readonly [string, string]>

/** `API.HTTPHeaders` entries that rs/cors handles instead of the static header list */
const CORS_KEYS = new Set(['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-credentials'])

/** Kubo's default preflight header list (`cfg.AddAllowedHeaders` in kubo `commands.go`) */
export const DEFAULT_ALLOWED_HEADERS: readonly string[] = ['Origin', 'Accept', 'Content-Type', 'X-Requested-With']

export interface Settings {
  /** The table headers, then the static `httpHeaders`; later entries win */
  commandHeaders: CommandHeader[]
  /** Table headers turned off with `false`: removed even if the server set a default */
  removedHeaders: string[]
  /** CORS settings, with `<port>` still in the default origins */
  cors: CorsOptions
}

/** Merges the init with the defaults, once per middleware */
export function settings (init: HeaderPolicyInit): Settings {
  const httpHeaders = Object.entries(init.httpHeaders ?? {}).map(([k, v]): CommandHeader => [canonicalHeaderName(k), Array.isArray(v) ? [...v] : [v]])
  const configured = (name: string): string[] | undefined => httpHeaders.find(([k]) => k.toLowerCase() === name)?.[1] as string[] | undefined

  const table: CommandHeader[] = []
  const removedHeaders: string[] = []
  for (const [key, [name, fallback]] of Object.entries(KUBO_HEADERS)) {
    const value = init[key as keyof typeof KUBO_HEADERS] ?? fallback
    if (value === false) removedHeaders.push(name)
    else table.push([name, value])
  }
  const credentials = configured('access-control-allow-credentials')
  return {
    commandHeaders: [...table, ...httpHeaders.filter(([k]) => !CORS_KEYS.has(k.toLowerCase()))],
    removedHeaders,
    cors: {
      allowedOrigins: [...(configured('access-control-allow-origin') ?? []), ...(init.allowedOrigins ?? [])],
      allowedMethods: init.allowedMethods ?? configured('access-control-allow-methods') ?? ['POST'],
      allowedHeaders: init.allowedHeaders ?? DEFAULT_ALLOWED_HEADERS,
      // Kubo applies every value in turn, so the last one decides
      allowCredentials: init.allowCredentials ?? credentials?.at(-1)?.toLowerCase() === 'true'
    }
  }
}
