import { authorizationHeaderOf } from './auth-secret.ts'
import { AuthConfigError } from './errors.ts'
import { digestOf } from './secret-matcher.ts'
import type { AuthScope, Authorizations } from './types.ts'
import type { Logger } from '@composite-ipfs/interface'

/** One usable entry: its secret kept only as the digest of the header value it stands for */
export interface CompiledEntry {
  readonly name: string
  readonly digest: Buffer
  readonly allowedPaths: readonly string[]
  readonly scope: AuthScope
}

/**
 * Turns `API.Authorizations` into matchable entries, once. Entries whose secret Kubo would
 * ignore (empty, or an unknown `<type>:`) are left out and reported by name; two users with
 * the same secret are a configuration error, since Kubo would pick one of them at random.
 */
export function compileAuthorizations (authorizations: Authorizations, logger?: Logger): CompiledEntry[] {
  const entries: CompiledEntry[] = []
  const owners = new Map<string, string>()
  for (const [name, entry] of Object.entries(authorizations)) {
    const header = authorizationHeaderOf(entry.AuthSecret)
    if (header === '') {
      logger?.warn({ entry: name }, `apiAuth: API.Authorizations entry "${name}" is ignored: its AuthSecret is empty or of an unknown type (use bearer:<token>, basic:<user>:<password> or a bare token)`)
      continue
    }
    const scope = entry.scope ?? 'full'
    if (scope !== 'full' && scope !== 'read-only') {
      throw new AuthConfigError(`API.Authorizations entry "${name}": unknown scope (expected "full" or "read-only")`)
    }
    const other = owners.get(header)
    if (other !== undefined) {
      throw new AuthConfigError(`API.Authorizations entries "${other}" and "${name}" have the same AuthSecret`)
    }
    owners.set(header, name)
    entries.push({ name, digest: digestOf(header), allowedPaths: [...(entry.AllowedPaths ?? [])], scope })
  }
  return entries
}
