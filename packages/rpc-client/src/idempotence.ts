import { commands } from '@composite-ipfs/interface'

const readOnly = new Map(Object.values(commands).map(spec => [spec.path, !spec.mutating]))

/**
 * Whether a request may be replayed on another endpoint. Commands the interface declares as
 * non-mutating (`id`, `cat`, `pin/ls`, `repo/stat`, …) are; writes and unknown commands are
 * not, and neither is any other POST. GET, HEAD and OPTIONS are.
 */
export function isIdempotent (method: string, path: string): boolean {
  const upper = method.toUpperCase()
  if (upper === 'GET' || upper === 'HEAD' || upper === 'OPTIONS') return true
  const prefix = '/api/v0/'
  if (!path.startsWith(prefix)) return false
  const command = path.slice(prefix.length).split('?')[0]?.replace(/\/+$/, '') ?? ''
  return readOnly.get(command) ?? false
}
