import type { Exchange } from '../exchange.ts'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** Where a command's output goes */
export interface Sink {
  req: IncomingMessage
  res: ServerResponse
  /** Aborted when the client goes away, the server closes, or the `timeout` deadline passes */
  signal: AbortSignal
  exchange: Exchange
}
