import { CommandRefusedError } from '@composite-ipfs/interface'
import { adminCommandOf } from './admin-commands.ts'

export interface ForwardPolicy {
  /** Admin commands (paths of `ADMIN_COMMANDS`) forwarded anyway; `true`: all but `shutdown` */
  forwardAdmin: true | readonly string[]
  /** Stops the composite node itself; without it `shutdown` is refused */
  onShutdown?: () => void
}

/**
 * What the core does with a command no typed handler answers: forward it, or answer `shutdown`
 * itself. Throws `CommandRefusedError` for an admin command the host did not allow.
 */
export function forwardingOf (command: string, policy: ForwardPolicy): 'forward' | 'shutdown' {
  const admin = adminCommandOf(command)
  if (admin === undefined) return 'forward'
  if (admin.path === 'shutdown') {
    if (policy.onShutdown !== undefined) return 'shutdown'
    throw new CommandRefusedError('"shutdown" is refused: it would stop a daemon behind this composite node, not the node (the host can make it stop the node: server option onShutdown)', { command })
  }
  if (policy.forwardAdmin === true || policy.forwardAdmin.includes(admin.path)) return 'forward'
  throw new CommandRefusedError(
    `"${command.replace(/\/+$/, '')}" is refused: it ${admin.why}, and it would act on whichever daemon behind this composite node failover picks. Forward it anyway with --forward-admin ${admin.path} (server option forwardAdmin)`,
    { command, setting: `--forward-admin ${admin.path}` })
}
