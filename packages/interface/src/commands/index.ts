import * as content from './content.ts'
import * as node from './node.ts'
import type { CommandSpec } from './spec.ts'

export * from './spec.ts'

/**
 * The commands with typed handlers, keyed by backend method name (the camelCase of the path:
 * `pin/add` is `pinAdd`). Every other `/api/v0` command goes to the backend's passthrough.
 */
export const commands = {
  ...node,
  ...content
} satisfies Record<string, CommandSpec>

export type CommandName = keyof typeof commands
