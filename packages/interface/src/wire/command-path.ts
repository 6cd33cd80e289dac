/**
 * Whether the command path `group` covers `command`: the same command, or one of its
 * subcommands (`config` covers `config/profile/apply`, not `configure`). go-ipfs-cmds takes a
 * last segment that names no subcommand as an argument, so `config/Identity.PeerID` is `config`
 * too. Trailing slashes are ignored.
 */
export function coversCommand (group: string, command: string): boolean {
  const path = command.replace(/\/+$/, '')
  return path === group || path.startsWith(`${group}/`)
}
