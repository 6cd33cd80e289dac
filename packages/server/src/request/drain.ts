import type { IncomingMessage } from 'node:http'

/**
 * Drops what is left of a request body once its answer is out. Node does this itself only for
 * a body nobody started to read; one that a handler or the upstream read in part and then
 * left would stay paused, the socket would stop reading, and the client could never finish
 * its upload nor close: the connection would hang until it is cut, with a reset that can
 * throw away the end of the answer (see `listen/linger.ts`).
 */
export function drainUnread (req: IncomingMessage): void {
  if (req.complete || req.destroyed) return
  // a reader that gave up may still listen; what comes now belongs to nobody
  req.removeAllListeners('data')
  req.removeAllListeners('readable')
  req.resume()
}
