import { commands } from '@composite-ipfs/interface'

/**
 * Kubo commands without a typed backend method that a `read-only` secret may call. Each is a
 * leaf in Kubo v0.42, or a group whose subcommands are all reads (`swarm/addrs`), so the
 * path-argument form `<command>/<arg>` can never name a write. Chosen for reading content and
 * node state; left out on purpose: anything that writes, publishes, announces or subscribes,
 * `config` (its one-argument form reads any key, its two-argument form writes), `diag/*` and
 * `log/*` (host details), `ping`, and expensive scans (`repo/verify`, `filestore/verify`).
 */
export const READ_ONLY_PASSTHROUGH: readonly string[] = [
  'ls',
  'dag/stat', 'dag/resolve',
  'files/ls', 'files/stat', 'files/read',
  'key/list', 'key/ls',
  'name/get',
  'routing/findprovs', 'routing/findpeer', 'routing/get',
  'dht/findprovs', 'dht/findpeer',
  'bitswap/stat', 'bitswap/wantlist', 'bitswap/ledger',
  'stats/bw', 'stats/repo', 'stats/bitswap', 'stats/dht', 'stats/provide',
  'provide/stat',
  'swarm/addrs', 'swarm/addrs/local', 'swarm/addrs/listen', 'swarm/peering/ls',
  'pubsub/ls', 'pubsub/peers',
  'repo/version',
  'cid/format', 'cid/base32', 'cid/bases', 'cid/codecs', 'cid/hashes', 'cid/inspect'
]

/**
 * Every command a `read-only` secret may call: the typed commands the interface marks as not
 * `mutating` (id, version, cat, get, refs, refs/local, pin/ls, pin/verify, repo/stat,
 * swarm/peers, config/show, resolve, name/resolve, block/get, block/stat, dag/get, dag/export),
 * `version/deps` and `version/check`, and {@link READ_ONLY_PASSTHROUGH}. Anything else, known
 * or not, is refused.
 */
export const READ_ONLY_COMMANDS: ReadonlySet<string> = new Set([
  ...Object.values(commands).filter((spec) => !spec.mutating).map((spec) => spec.path),
  'version/deps', 'version/check',
  ...READ_ONLY_PASSTHROUGH
])

/**
 * Whether `command` (the decoded path under `/api/v0/`) is a read. As in go-ipfs-cmds, the last
 * segment may be the first argument instead of a subcommand (`pin/ls/<cid>`), so the parent of
 * the path counts too; every listed command is a leaf or a group of reads, so that parent rule
 * cannot reach a write.
 */
export function isReadOnlyCommand (command: string): boolean {
  if (READ_ONLY_COMMANDS.has(command)) {
    return true
  }
  const slash = command.lastIndexOf('/')
  return slash > 0 && READ_ONLY_COMMANDS.has(command.slice(0, slash))
}
