import * as content from './content.ts'
import * as node from './node.ts'
import * as pin from './pin.ts'
import * as upload from './upload.ts'
import type { Handler } from './types.ts'
import type { CommandName } from '@composite-ipfs/interface'

/** One handler per typed command, keyed like the backend methods */
export const HANDLERS: Readonly<Record<CommandName, Handler>> = {
  ...node,
  ...pin,
  ...content,
  ...upload
}

export { TEXT_ENCODERS } from './text.ts'
export type { Handler, HandlerCall, Output } from './types.ts'
