import { coversCommand } from '@composite-ipfs/interface'

/**
 * Kubo's daemon-admin commands. A composite node forwards an untyped command to one of its
 * backend's daemons, the one failover picks, so these would act on a daemon the caller cannot
 * choose and may not know about: they are refused unless the host lists them in `forwardAdmin`.
 * `shutdown` is never forwarded (see the server's `onShutdown`). docs/compatibility.md has this
 * table; a test keeps the two equal.
 */
export interface AdminCommand {
  /** A command path; it also covers its subcommands (`config` covers `config/profile/apply`) */
  path: string
  /** Subcommands of `path` that are not admin commands */
  except?: readonly string[]
  /** Why it is refused */
  why: string
}

export const ADMIN_COMMANDS: readonly AdminCommand[] = [
  { path: 'shutdown', why: 'would stop a backend daemon; it stops the composite node itself when the host allows it' },
  { path: 'config', except: ['config/show'], why: 'reads or rewrites one daemon\'s configuration' },
  { path: 'log', why: 'changes or tails one daemon\'s logging' },
  { path: 'diag', except: ['diag/healthy'], why: 'profiles, inspects or edits one daemon\'s process and datastore' },
  { path: 'key', why: 'creates, exports, renames, removes or signs with one daemon\'s private keys' },
  { path: 'repo', except: ['repo/stat', 'repo/gc', 'repo/verify'], why: 'migrates or inspects one daemon\'s repository' },
  { path: 'bootstrap', why: 'rewrites one daemon\'s Bootstrap configuration' },
  { path: 'swarm/filters', why: 'rewrites one daemon\'s Swarm.AddrFilters configuration' },
  { path: 'swarm/peering', why: 'rewrites one daemon\'s Peering configuration' },
  { path: 'p2p', why: 'opens listeners and forwards ports on one daemon\'s host' },
  { path: 'mount', why: 'mounts FUSE file systems on one daemon\'s host' },
  { path: 'update', why: 'replaces one daemon\'s binary' },
  { path: 'files/chroot', why: 'replaces one daemon\'s MFS root' },
  { path: 'provide/clear', why: 'drops one daemon\'s provide queue' },
  { path: 'pubsub/reset', why: 'clears one daemon\'s pubsub validator state' }
]

/** The admin command `command` falls under, if any */
export function adminCommandOf (command: string): AdminCommand | undefined {
  return ADMIN_COMMANDS.find((admin) => coversCommand(admin.path, command) && !(admin.except ?? []).some((allowed) => coversCommand(allowed, command)))
}
