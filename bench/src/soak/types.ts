/** What the composite node's process reports about itself */
export interface NodeSample {
  rss: number
  heapUsed: number
  fds: number
  sockets: number
}

export interface SoakOptions {
  /** How long the traffic runs */
  minutes: number
  /** How many times an undercluster peer (its REST endpoint) is restarted, spread over the run */
  restarts: number
  /** Seconds between two samples of the node */
  sampleSeconds: number
  /** Operations in flight at once */
  concurrency: number
  /** How many quiet samples (traffic paused, nothing in flight), evenly spread; the last after the traffic */
  quietPoints: number
  /** Where progress lines go */
  log: (line: string) => void
}

export interface SoakError { op: string, at: number, message: string, duringRestart: boolean }

export interface SoakReport {
  minutes: number
  operations: Record<string, { ok: number, failed: number }>
  samples: Array<NodeSample & { at: number }>
  /** Samples taken with the traffic paused and nothing in flight (reports before 2026-12-03 have none) */
  quiet?: Array<NodeSample & { at: number }>
  /** The sample before traffic, and the one after traffic stopped and the node settled */
  baseline: NodeSample
  settled: NodeSample
  restarts: Array<{ at: number, tookMs: number, recoveredMs?: number }>
  errors: SoakError[]
  verdict: { heapFlat: boolean, rssFlat: boolean, fdsBack: boolean, socketsBack: boolean, unexpectedErrors: number, recovered: boolean }
  /**
   * How flat was judged, as least-squares slopes over the second half of the run: the heap from
   * the quiet samples, RSS from all samples. `sampledHeapMiBPerHour` is the heap's slope over all
   * samples, with the requests in flight at each (reported, not judged).
   */
  slopes: { heapMiBPerHour: number, sampledHeapMiBPerHour?: number, rssMiBPerHour: number }
}
