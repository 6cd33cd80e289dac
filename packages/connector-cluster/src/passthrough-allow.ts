import { CommandRefusedError, coversCommand, NotSupportedError } from '@composite-ipfs/interface'

/**
 * The commands forwarded to one of the undercluster's Kubos (the one failover picks) without a
 * typed handler: only those that give the same answer on any of them. Each entry covers its
 * subcommands. docs/compatibility.md has this list; a test keeps the two equal.
 */
export const SAME_ON_ANY_DAEMON: readonly string[] = [
  // functions of their arguments alone
  'cid', 'multibase', 'name/inspect', 'commands',
  // reads of content-addressed data
  'ls', 'dag/resolve', 'dag/stat', 'object/diff',
  // writes that answer a CID any daemon would compute; the undercluster fetches the blocks by bitswap
  'object/patch',
  // the network's answers, not the daemon's
  'routing/findprovs', 'routing/findpeer', 'routing/get', 'dht/findprovs', 'dht/findpeer', 'dht/get', 'name/get'
]

/**
 * Commands that would make or remove pins outside the undercluster's shared pinset if they were
 * forwarded to one of its Kubos: `pin/remote` asks a remote pinning service, configured on that
 * one Kubo, to pin or unpin, and edits that Kubo's service list. Every other command of Kubo
 * v0.42's tree that pins is typed and re-routed into the cluster (`add`, `block/put`, `dag/put`,
 * `dag/import`, `pin/*`); the rest never pin (docs/compatibility.md has the list). No setting
 * forwards these.
 */
const OUTSIDE_PINS = ['pin/remote']

/**
 * Throws for a command the cluster connector does not forward: `NotSupportedError` for one
 * that would pin behind the cluster's back, `CommandRefusedError` for one outside
 * {@link SAME_ON_ANY_DAEMON} and the host's `allowed` additions.
 */
export function checkPassthrough (command: string, label: string, allowed: readonly string[]): void {
  const outside = OUTSIDE_PINS.find((group) => coversCommand(group, command))
  if (outside !== undefined) {
    throw new NotSupportedError(`${command} is refused by a composite node in front of undercluster ${label}: ${outside} would pin through one of its Kubos, outside the cluster's pinset; pin through this node instead (pin/add, or the overcluster)`)
  }
  if ([...SAME_ON_ANY_DAEMON, ...allowed].some((group) => coversCommand(group, command))) return
  const group = command.replace(/\/+$/, '')
  throw new CommandRefusedError(
    `"${group}" is not forwarded to undercluster ${label}: its answer depends on which of the undercluster's Kubo daemons serves it (each has its own files, keys, connections and settings). Forward it anyway with --cluster-passthrough ${group} (connector option passthroughAllow)`,
    { command, setting: `--cluster-passthrough ${group}` })
}
