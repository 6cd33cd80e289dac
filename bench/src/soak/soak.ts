import { setTimeout as sleep } from 'node:timers/promises'
import { anySignal } from 'any-signal'
import { startOvercluster, startUndercluster } from '@composite-ipfs/testbed'
import { TrafficGate } from './gate.ts'
import { startNodeChild } from './node-child.ts'
import { slopePerHour, verdictOf } from './verdict.ts'
import { LivePins, pick, soakOps } from './traffic.ts'
import type { NodeSample, SoakError, SoakOptions, SoakReport } from './types.ts'
import type { Overcluster, Undercluster } from '@composite-ipfs/testbed'

/** Errors this long after a restart completed still count as caused by it (ms) */
const RESTART_TAIL = 15_000

/**
 * The soak: mixed traffic through a two-level topology of real daemons (an undercluster of 2
 * peers, a composite node in its own process, an overcluster of 1 peer driving it) for
 * `minutes`, with `restarts` restarts of an undercluster peer spread over the run. It samples
 * the node's RSS, heap (after GC), file descriptors and sockets, and counts every failed
 * request, telling the ones a restart caused from the others. `quietPoints` times, evenly
 * spread and the last after the traffic, it pauses the traffic until nothing is in flight and
 * takes a quiet sample: the heap the node keeps, which is what a leak grows.
 */
export async function runSoak (options: SoakOptions): Promise<SoakReport> {
  const { log } = options
  let uc: Undercluster | undefined
  let oc: Overcluster | undefined
  let node: Awaited<ReturnType<typeof startNodeChild>> | undefined
  try {
    log('starting an undercluster of 2 peers')
    uc = await startUndercluster({ peers: 2 })
    node = await startNodeChild({ rest: uc.restUrls, ipfs: uc.kubos.map((kubo) => kubo.apiUrl) })
    log(`composite node at ${node.url}; starting the overcluster`)
    oc = await startOvercluster({ attach: [node.multiaddr] })
    const baseline = await node.sample()
    const started = Date.now()
    const at = (): number => Date.now() - started
    const duration = options.minutes * 60_000
    const live = new LivePins(40)
    const ops = soakOps(oc.peers[0]!.restUrl, node.url, live)
    const operations = Object.fromEntries(ops.map((op) => [op.name, { ok: 0, failed: 0 }]))
    const errors: SoakError[] = []
    const restarts: SoakReport['restarts'] = []
    const windows: Array<{ from: number, to: number }> = []
    // a request that overlapped a restart (or the tail after it) may fail because of it
    const overlapsRestart = (from: number, to: number): boolean => windows.some((w) => from <= w.to && to >= w.from)
    const samples: SoakReport['samples'] = []
    const quiet: NonNullable<SoakReport['quiet']> = []
    const gate = new TrafficGate()
    const stop = new AbortController()
    const quietSample = async (): Promise<void> => {
      const sample = await gate.quiet(async () => await node!.sample())
      quiet.push({ ...sample, at: at() })
      log(`${(at() / 60_000).toFixed(1)} min, quiet: heap ${mib(sample.heapUsed)} MiB, rss ${mib(sample.rss)} MiB`)
    }

    const worker = async (): Promise<void> => {
      while (!stop.signal.aborted) {
        const op = pick(ops)
        // not AbortSignal.any: it would keep ~57 bytes per request in the run's signal (Node 20)
        const signal = anySignal([stop.signal, AbortSignal.timeout(60_000)])
        await gate.enter()
        if (stop.signal.aborted) {
          gate.leave()
          signal.clear()
          return
        }
        const begun = at()
        try {
          if (await op.run(signal) === false) {
            await sleep(5) // nothing to do yet (no pin to cat or re-pin)
            continue
          }
          operations[op.name]!.ok++
          if (op.name === 'add') {
            for (const r of restarts) if (r.recoveredMs === undefined && begun > r.at + r.tookMs) r.recoveredMs = at() - r.at - r.tookMs
          }
        } catch (err) {
          if (stop.signal.aborted) return
          operations[op.name]!.failed++
          errors.push({ op: op.name, at: at(), message: (err as Error).message.slice(0, 300), duringRestart: overlapsRestart(begun, at()) })
        } finally {
          gate.leave()
          signal.clear()
        }
      }
    }
    const sampler = async (): Promise<void> => {
      while (!stop.signal.aborted) {
        const sample = await node!.sample()
        samples.push({ ...sample, at: at() })
        const ok = Object.values(operations).reduce((sum, o) => sum + o.ok, 0)
        log(`${(at() / 60_000).toFixed(1)} min: ${ok} requests, ${errors.length} failed; rss ${mib(sample.rss)} MiB, heap ${mib(sample.heapUsed)} MiB, ${sample.fds} fds, ${sample.sockets} sockets`)
        await sleep(options.sampleSeconds * 1000, undefined, { signal: stop.signal }).catch(() => {})
      }
    }
    const restarter = async (): Promise<void> => {
      for (let i = 1; i <= options.restarts; i++) {
        await sleep(Math.max(0, (duration * i) / (options.restarts + 1) - at()), undefined, { signal: stop.signal }).catch(() => {})
        if (stop.signal.aborted) return
        const from = at()
        const window = { from, to: Number.POSITIVE_INFINITY }
        windows.push(window)
        const peer = uc!.peers[0]!
        log(`restarting undercluster peer ${peer.name}`)
        await peer.restart()
        window.to = at() + RESTART_TAIL
        restarts.push({ at: from, tookMs: at() - from })
        // the same endpoint the composite node was given answers again
        await peer.rest('/id')
      }
    }
    const quietSampler = async (): Promise<void> => {
      for (let i = 1; i < options.quietPoints; i++) {
        await sleep(Math.max(0, (duration * i) / options.quietPoints - at()), undefined, { signal: stop.signal }).catch(() => {})
        if (stop.signal.aborted) return
        await quietSample()
      }
    }
    const traffic = Promise.all(Array.from({ length: options.concurrency }, worker))
    const background = Promise.all([sampler(), restarter(), quietSampler()])
    await sleep(duration)
    stop.abort()
    await Promise.all([traffic, background])
    await quietSample()
    // pools close their idle sockets and streams end: wait for that, not for a guessed time
    const settledDown = (sample: NodeSample): boolean => sample.sockets <= baseline.sockets + 2 && sample.fds <= baseline.fds + 2
    let settled = await node.sample()
    for (const deadline = Date.now() + 60_000; !settledDown(settled) && Date.now() < deadline; settled = await node.sample()) await sleep(1_000)
    const secondHalf = samples.filter((s) => s.at >= duration / 2)
    const report = {
      minutes: options.minutes,
      operations,
      samples,
      quiet,
      baseline,
      settled,
      restarts,
      errors,
      slopes: {
        heapMiBPerHour: slopePerHour(quiet.filter((s) => s.at >= duration / 2), (s) => s.heapUsed),
        sampledHeapMiBPerHour: slopePerHour(secondHalf, (s) => s.heapUsed),
        rssMiBPerHour: slopePerHour(secondHalf, (s) => s.rss)
      }
    }
    return { ...report, verdict: verdictOf(report) }
  } finally {
    // each one stopped even when another fails to
    await Promise.allSettled([oc?.stop(), node?.stop()])
    await uc?.stop()
  }
}

function mib (bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1)
}

export type { NodeSample }
