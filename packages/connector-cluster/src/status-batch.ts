import { AbortedError } from '@composite-ipfs/interface'
import type { RestClient } from './rest-client.ts'
import type { GlobalPinInfo } from './rest-types.ts'

/** CIDs per `GET /pins?cids=` (keeps the URL short) */
const BATCH_SIZE = 64
/**
 * Status calls in flight at once. More than one, so that a call stuck on a slow peer does not
 * hold every other wait; lookups arriving while all are busy join the next call.
 */
const IN_FLIGHT = 2

/** The status of one pin (`GET /pins/{cid}`): the same answer, possibly fetched with other CIDs */
export type PinStatusLookup = (cid: string, signal?: AbortSignal) => Promise<GlobalPinInfo | undefined>

interface Waiter {
  resolve: (info: GlobalPinInfo | undefined) => void
  reject: (err: unknown) => void
  /** Set once the lookup went out */
  call?: Call
}

/** One status call; aborted when every lookup it serves was given up */
interface Call {
  controller: AbortController
  waiting: number
}

/**
 * Shares the status polls of concurrent pin waits: with many pins waiting, each poll round
 * costs the undercluster one `GET /pins?cids=a,b,...` instead of one request per pin (the
 * cluster asks every peer for every CID either way, but the HTTP work on both sides and the
 * REST API's load shrink). A lookup made while nothing is busy goes out at once, alone, as
 * `GET /pins/{cid}`, so a single wait sees no change.
 */
export function statusBatcher (rest: RestClient): PinStatusLookup {
  const queued = new Map<string, Waiter[]>()
  let inFlight = 0

  const send = (): void => {
    while (inFlight < IN_FLIGHT && queued.size > 0) {
      const batch = new Map<string, Waiter[]>()
      for (const [cid, waiters] of queued) {
        if (batch.size >= BATCH_SIZE) break
        batch.set(cid, waiters)
        queued.delete(cid)
      }
      const call: Call = { controller: new AbortController(), waiting: 0 }
      for (const waiters of batch.values()) {
        for (const waiter of waiters) waiter.call = call
        call.waiting += waiters.length
      }
      inFlight++
      void fetchBatch(rest, batch, call.controller.signal).finally(() => {
        inFlight--
        send()
      })
    }
  }

  return async (cid, signal) => {
    if (signal?.aborted === true) throw new AbortedError('context canceled', { cause: signal.reason })
    return await new Promise<GlobalPinInfo | undefined>((resolve, reject) => {
      const onAbort = (): void => {
        // the call goes on for the other lookups it serves; given up by all, it is cancelled
        if (waiter.call !== undefined && --waiter.call.waiting === 0) waiter.call.controller.abort()
        const waiters = queued.get(cid)
        const index = waiters?.indexOf(waiter) ?? -1
        if (index >= 0) waiters!.splice(index, 1)
        if (waiters?.length === 0) queued.delete(cid)
        reject(new AbortedError('context canceled', { cause: signal?.reason }))
      }
      const done = (): void => { signal?.removeEventListener('abort', onAbort) }
      const waiter: Waiter = {
        resolve: (info) => { done(); resolve(info) },
        reject: (err) => { done(); reject(err) }
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const waiters = queued.get(cid)
      if (waiters === undefined) queued.set(cid, [waiter])
      else waiters.push(waiter)
      send()
    })
  }
}

async function fetchBatch (rest: RestClient, batch: Map<string, Waiter[]>, signal: AbortSignal): Promise<void> {
  const cids = [...batch.keys()]
  const settle = (cid: string, info: GlobalPinInfo | undefined, err?: unknown): void => {
    for (const waiter of batch.get(cid) ?? []) {
      if (err === undefined) waiter.resolve(info)
      else waiter.reject(err)
    }
    batch.delete(cid)
  }
  try {
    if (cids.length === 1) {
      settle(cids[0], await rest.json<GlobalPinInfo>('GET', `/pins/${encodeURIComponent(cids[0])}`, { signal }))
      return
    }
    for await (const info of await rest.stream<GlobalPinInfo>('GET', '/pins', { query: { cids: cids.join(',') }, signal })) {
      if (batch.has(info.cid)) settle(info.cid, info)
    }
    // a CID the answer left out (the cluster spells it differently): ask for it alone
    await Promise.all([...batch.keys()].map(async (cid) => {
      settle(cid, await rest.json<GlobalPinInfo>('GET', `/pins/${encodeURIComponent(cid)}`, { signal }))
    }))
  } catch (err) {
    for (const cid of [...batch.keys()]) settle(cid, undefined, err)
  }
}
