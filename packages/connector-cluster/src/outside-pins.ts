import { NotSupportedError } from '@composite-ipfs/interface'

/**
 * Commands that would make or remove pins outside the undercluster's shared pinset if they were
 * forwarded to one of its Kubos: `pin/remote` asks a remote pinning service, configured on that
 * one Kubo, to pin or unpin, and edits that Kubo's service list. Every other command of Kubo
 * v0.42's tree that pins is typed and re-routed into the cluster (`add`, `block/put`, `dag/put`,
 * `dag/import`, `pin/*`); the rest never pin (docs/compatibility.md has the list).
 */
const OUTSIDE_PINS = ['pin/remote']

/** Throws `NotSupportedError` for a command that would pin behind the cluster's back */
export function refuseOutsidePins (command: string, label: string): void {
  const refused = OUTSIDE_PINS.find(prefix => command === prefix || command.startsWith(`${prefix}/`))
  if (refused === undefined) return
  throw new NotSupportedError(`${command} is refused by a composite node in front of undercluster ${label}: ${refused} would pin through one of its Kubos, outside the cluster's pinset; pin through this node instead (pin/add, or the overcluster)`)
}
