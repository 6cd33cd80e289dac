import { ADMIN_COMMANDS } from '@composite-ipfs/server'
import { InvalidConfigError } from './errors.ts'

/** Settings of `composite-ipfs serve` for commands without a typed handler (flags `--forward-admin`, `--cluster-passthrough`) */
export interface ForwardingConfig {
  /**
   * Daemon-admin commands forwarded to the backend anyway (`config`, `log`, `key`, ... or `all`;
   * docs/compatibility.md lists them). Each acts on whichever backend daemon failover picks.
   * `shutdown` is never forwarded: it stops this node.
   *
   * @default [] (all refused)
   */
  forwardAdmin?: string[]
  /**
   * Commands a cluster backend forwards to a `--cluster-ipfs` Kubo besides the ones that answer
   * alike on every Kubo of the undercluster (each covers its subcommands). The admin commands of
   * `forwardAdmin` are added.
   *
   * @default []
   */
  clusterPassthrough?: string[]
}

export interface ResolvedForwarding {
  forwardAdmin: true | string[]
  passthroughAllow: string[]
}

export const FORWARDING_LISTS = ['forwardAdmin', 'clusterPassthrough'] as const

/** The admin commands `--forward-admin` accepts: all of them but `shutdown` */
const FORWARDABLE = ADMIN_COMMANDS.map((admin) => admin.path).filter((path) => path !== 'shutdown')
const COMMAND_PATH = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/

/** The values of list flags, split on commas (`--forward-admin config,log` is `config` and `log`) */
function items (values: string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim())
}

/** Checks the merged forwarding settings */
export function resolveForwarding (merged: ForwardingConfig & { cluster?: string[] }): ResolvedForwarding {
  const admin = items(merged.forwardAdmin)
  for (const value of admin) {
    if (value === 'shutdown') throw new InvalidConfigError('--forward-admin shutdown: shutdown is never forwarded to a backend daemon; it stops this composite node')
    if (value !== 'all' && !FORWARDABLE.includes(value)) {
      throw new InvalidConfigError(`--forward-admin "${value}" is not an admin command; accepted: all, or a comma-separated list of ${FORWARDABLE.join(', ')}`)
    }
  }
  const passthrough = items(merged.clusterPassthrough)
  for (const value of passthrough) {
    if (!COMMAND_PATH.test(value)) throw new InvalidConfigError(`--cluster-passthrough "${value}" is not a command path; accepted: comma-separated Kubo command paths such as files or stats/bw`)
    if (value === 'pin' || value.startsWith('pin/')) throw new InvalidConfigError(`--cluster-passthrough "${value}": pin commands go to the cluster, and pin/remote would pin outside its pinset; they cannot be forwarded`)
  }
  if (passthrough.length > 0 && (merged.cluster ?? []).length === 0) throw new InvalidConfigError('--cluster-passthrough given without --cluster')
  const all = admin.includes('all')
  return {
    forwardAdmin: all ? true : admin,
    passthroughAllow: [...passthrough, ...(all ? FORWARDABLE : admin)]
  }
}
