import { once } from 'node:events'
import { AbortedError, raceSignal as raceWith } from '@composite-ipfs/interface'
import type { ServerResponse } from 'node:http'

/** The server's race: a client going away or a deadline rejects with the signal's own reason */
export function raceSignal<T> (promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return raceWith(promise, signal, asIs)
}

function asIs (reason: unknown): unknown {
  return reason
}

/** Writes one chunk and waits for `drain` when node's buffer is full (backpressure per value) */
export async function writeChunk (res: ServerResponse, chunk: string | Uint8Array, signal: AbortSignal): Promise<void> {
  if (res.destroyed || res.writableEnded) {
    throw new AbortedError()
  }
  if (!res.write(chunk)) {
    await raceSignal(once(res, 'drain'), signal)
  }
}

/** Stops an iterator we no longer read; never waits for it (a stuck backend must not hold us) */
export function release (iterator: AsyncIterator<unknown>): void {
  iterator.return?.()?.catch(() => {})
}
