import { AuthConfigError } from './errors.ts'
import type { AuthorizationEntry, Authorizations } from './types.ts'

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A field by its name, or case-insensitively as Go's `encoding/json` matches struct fields */
function field (entry: Record<string, unknown>, name: string): unknown {
  if (name in entry) {
    return entry[name]
  }
  const key = Object.keys(entry).find((key) => key.toLowerCase() === name.toLowerCase())
  return key === undefined ? undefined : entry[key]
}

function parseEntry (name: string, value: unknown, source: string): AuthorizationEntry {
  const fail = (problem: string): AuthConfigError => new AuthConfigError(`API.Authorizations from ${source}: entry "${name}" ${problem}`)
  if (!isObject(value)) {
    throw fail('must be an object')
  }
  const secret = field(value, 'AuthSecret')
  if (typeof secret !== 'string') {
    throw fail('needs an AuthSecret string')
  }
  const allowed = field(value, 'AllowedPaths') ?? []
  if (!Array.isArray(allowed) || !allowed.every((path) => typeof path === 'string')) {
    throw fail('has AllowedPaths that is not a list of strings')
  }
  const scope = field(value, 'scope') ?? 'full'
  if (scope !== 'full' && scope !== 'read-only') {
    throw fail('has an unknown scope (expected "full" or "read-only")')
  }
  return { AuthSecret: secret, AllowedPaths: allowed, scope }
}

/**
 * Validates an `API.Authorizations` value, or a whole Kubo config holding one at
 * `API.Authorizations`. `null` means none (Kubo's default). Errors name the source and the
 * user; they never quote a value.
 */
export function parseAuthorizations (value: unknown, source: string): Authorizations {
  const api = isObject(value) ? field(value, 'API') : undefined
  // a user named `API` is an entry (it has an AuthSecret), not Kubo's API section
  const map = isObject(api) && field(api, 'AuthSecret') === undefined ? field(api, 'Authorizations') : value
  if (map === null || map === undefined) {
    return {}
  }
  if (!isObject(map)) {
    throw new AuthConfigError(`API.Authorizations from ${source} must be an object of user name to { AuthSecret, AllowedPaths }`)
  }
  const result: Authorizations = {}
  for (const [name, entry] of Object.entries(map)) {
    result[name] = parseEntry(name, entry, source)
  }
  return result
}

/** Parses JSON text without ever putting a piece of it in an error (V8's messages quote the input) */
export function parseJson (text: string, source: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new AuthConfigError(`API.Authorizations from ${source} is not valid JSON`)
  }
}
