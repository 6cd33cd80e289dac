import { setTimeout as sleep } from 'node:timers/promises'
import { call, eachLine } from './http.ts'
import type { Dispatcher } from 'undici'

interface PinInfoLine {
  cid: string
  peer_map?: Record<string, { status: string }>
}

/**
 * Streams `GET /pins?filter=<filter>` and calls `onInfo` for every pin. A 204 (nothing matches)
 * is an empty list.
 */
export async function eachPinStatus (agent: Dispatcher, restUrl: string, filter: string, onInfo: (info: PinInfoLine) => void): Promise<void> {
  const res = await call(agent, `${restUrl}/pins?filter=${filter}`, { method: 'GET' })
  await eachLine(res.body, (line) => { onInfo(JSON.parse(line) as PinInfoLine) })
}

/**
 * Polls `GET /pins?filter=pinned` every `intervalMs` until each of `cids` is reported pinned by
 * `peers` peers; resolves with the time it took, ms. Throws after `timeoutMs`.
 */
export async function waitForPinned (agent: Dispatcher, restUrl: string, cids: readonly string[], peers: number, timeoutMs: number, intervalMs = 250): Promise<number> {
  const started = performance.now()
  const waiting = new Set(cids)
  while (waiting.size > 0) {
    await eachPinStatus(agent, restUrl, 'pinned', (info) => {
      if (!waiting.has(info.cid)) return
      const pinned = Object.values(info.peer_map ?? {}).filter((peer) => peer.status === 'pinned').length
      if (pinned >= peers) waiting.delete(info.cid)
    })
    if (waiting.size === 0) break
    if (performance.now() - started > timeoutMs) throw new Error(`${waiting.size} of ${cids.length} pins not pinned on ${peers} peers after ${timeoutMs} ms`)
    await sleep(intervalMs)
  }
  return performance.now() - started
}

/** Waits until the cluster has nothing queued or pinning (`GET /pins?filter=queued,pinning` is empty) */
export async function waitForIdle (agent: Dispatcher, restUrl: string, timeoutMs: number, intervalMs = 1000): Promise<void> {
  const started = performance.now()
  for (;;) {
    let busy = 0
    await eachPinStatus(agent, restUrl, 'queued,pinning', () => { busy++ })
    if (busy === 0) return
    if (performance.now() - started > timeoutMs) throw new Error(`${busy} pins still queued or pinning after ${timeoutMs} ms`)
    await sleep(intervalMs)
  }
}

/**
 * Polls every Kubo's recursive pin list (`pin/ls?type=recursive&stream=true`) until each of
 * `cids` is pinned in all of them; resolves with the time it took, ms. This is the ground truth
 * of "pinned", and much cheaper than asking the cluster (`GET /pins` gathers every pin's status
 * from every peer), so the measurement does not slow the cluster down.
 */
export async function waitForPinnedInKubos (agent: Dispatcher, kuboUrls: readonly string[], cids: readonly string[], timeoutMs: number, intervalMs = 200): Promise<number> {
  const started = performance.now()
  const waiting = new Set(cids)
  while (waiting.size > 0) {
    const seen = await Promise.all(kuboUrls.map(async (url) => {
      const found = new Set<string>()
      const res = await call(agent, `${url}/api/v0/pin/ls?type=recursive&stream=true`)
      await eachLine(res.body, (line) => {
        const cid = (JSON.parse(line) as { Cid: string }).Cid
        if (waiting.has(cid)) found.add(cid)
      })
      return found
    }))
    for (const cid of [...waiting]) if (seen.every((found) => found.has(cid))) waiting.delete(cid)
    if (waiting.size === 0) break
    if (performance.now() - started > timeoutMs) throw new Error(`${waiting.size} of ${cids.length} pins not pinned in all ${kuboUrls.length} Kubos after ${timeoutMs} ms`)
    await sleep(intervalMs)
  }
  return performance.now() - started
}
