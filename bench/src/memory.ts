import { readFile, writeFile } from 'node:fs/promises'

/** Resident memory of a process, in bytes, from `/proc/<pid>/status` */
export interface ProcMemory {
  /** VmRSS: resident now */
  rss: number
  /** VmHWM: the peak resident size since start or since the last reset */
  hwm: number
}

/** Reads VmRSS and VmHWM of `pid` (Linux only); zeros when the process is gone */
export async function readMemory (pid: number): Promise<ProcMemory> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') }
}

/** Resets VmHWM to the current RSS (`echo 5 > /proc/<pid>/clear_refs`); false when not allowed */
export async function resetPeak (pid: number): Promise<boolean> {
  return await writeFile(`/proc/${pid}/clear_refs`, '5').then(() => true, () => false)
}

/** What a {@link PeakWatch} saw for one process */
export interface PeakMemory {
  /** RSS when the window opened, bytes */
  baseline: number
  /** Peak RSS inside the window, bytes */
  peak: number
  /** `peak - baseline` */
  growth: number
  /** Whether VmHWM could be reset (else the peak is the highest sample, every `intervalMs`) */
  exact: boolean
}

/** A measurement window over several processes' peak RSS */
export interface PeakWatch {
  /** Closes the window and returns each process's peak */
  stop(): Promise<Record<string, PeakMemory>>
}

/**
 * Opens a window in which the peak RSS of each named process is tracked: VmHWM is reset at
 * the start when the kernel allows it, and RSS is also sampled every `intervalMs`, so the
 * peak is right even where the reset is refused.
 *
 * @example
 * ```ts
 * const watch = await watchPeaks({ composite: node.pid, proxy: peer.pid })
 * await addOneGiB()
 * const { composite } = await watch.stop()
 * ```
 */
export async function watchPeaks (pids: Record<string, number>, intervalMs = 100): Promise<PeakWatch> {
  const entries = Object.entries(pids)
  const state = await Promise.all(entries.map(async ([name, pid]) => {
    const exact = await resetPeak(pid)
    const { rss } = await readMemory(pid)
    return { name, pid, exact, baseline: rss, sampled: rss }
  }))
  const sample = async (): Promise<void> => {
    await Promise.all(state.map(async (s) => { s.sampled = Math.max(s.sampled, (await readMemory(s.pid)).rss) }))
  }
  const timer = setInterval(() => { void sample() }, intervalMs)
  return {
    async stop () {
      clearInterval(timer)
      await sample()
      const result: Record<string, PeakMemory> = {}
      for (const s of state) {
        const { hwm } = await readMemory(s.pid)
        const peak = s.exact ? Math.max(hwm, s.sampled) : s.sampled
        result[s.name] = { baseline: s.baseline, peak, growth: peak - s.baseline, exact: s.exact }
      }
      return result
    }
  }
}
