import { isHostilePath } from '@composite-ipfs/interface'
import { API_PREFIX, VERSION_PATH } from './constants.ts'
import { isReadOnlyCommand } from './read-only.ts'
import type { CompiledEntry } from './compile.ts'

/**
 * Kubo's rule (`withAuthSecrets`) for an authenticated entry: `/api/v0/version` always; else
 * the decoded path must start with one of `AllowedPaths`. Added here: hostile paths are never
 * allowed, and a `read-only` entry may only call a read-only command.
 */
export function permits (entry: CompiledEntry, path: string): boolean {
  if (path === VERSION_PATH) {
    return true
  }
  if (isHostilePath(path)) {
    return false
  }
  if (!entry.allowedPaths.some((prefix) => path.startsWith(prefix))) {
    return false
  }
  return entry.scope === 'full' || (path.startsWith(API_PREFIX) && isReadOnlyCommand(path.slice(API_PREFIX.length)))
}
