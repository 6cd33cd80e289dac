/** How big and how long each scenario runs */
export interface Settings {
  mode: 'quick' | 'full'
  smallRpc: {
    /** Length of one measured slot (one path, one round), ms */
    slotMs: number
    rounds: number
    /** Unmeasured calls before a case, per path, ms */
    warmupMs: number
    concurrencies: number[]
  }
  add: {
    fileBytes: number
    fileRounds: number
    dirFiles: number
    dirFileBytes: number
    dirRounds: number
  }
  /** The two paths of a pinned add through a cluster-backed node */
  addPaths: { fileBytes: number, dirFiles: number, rounds: number }
  cat: { bytes: number, rounds: number }
  pins: {
    /** Pins per path per round */
    perRound: number
    rounds: number
    /** Pin requests in flight at once */
    concurrency: number
    /** How long a slot may wait for its pins to be pinned, ms */
    pinnedTimeoutMs: number
  }
  listing: { pins: number, rounds: number }
  repoStat: { slotMs: number, rounds: number, warmupMs: number }
}

const MiB = 1024 * 1024

/** `pnpm bench`: the sizes of the issue (about 30 minutes on 2 cores) */
export const FULL: Settings = {
  mode: 'full',
  smallRpc: { slotMs: 2000, rounds: 5, warmupMs: 500, concurrencies: [1, 64] },
  add: { fileBytes: 1024 * MiB, fileRounds: 3, dirFiles: 10_000, dirFileBytes: 1024, dirRounds: 3 },
  addPaths: { fileBytes: 256 * MiB, dirFiles: 2000, rounds: 3 },
  cat: { bytes: 1024 * MiB, rounds: 3 },
  pins: { perRound: 500, rounds: 4, concurrency: 32, pinnedTimeoutMs: 10 * 60_000 },
  listing: { pins: 100_000, rounds: 3 },
  repoStat: { slotMs: 3000, rounds: 3, warmupMs: 300 }
}

/** `pnpm bench --quick`: every scenario and path, small, within 2 minutes including start-up */
export const QUICK: Settings = {
  mode: 'quick',
  smallRpc: { slotMs: 250, rounds: 2, warmupMs: 60, concurrencies: [1, 64] },
  add: { fileBytes: 32 * MiB, fileRounds: 2, dirFiles: 300, dirFileBytes: 1024, dirRounds: 2 },
  addPaths: { fileBytes: 16 * MiB, dirFiles: 100, rounds: 2 },
  cat: { bytes: 32 * MiB, rounds: 2 },
  pins: { perRound: 30, rounds: 2, concurrency: 16, pinnedTimeoutMs: 60_000 },
  listing: { pins: 1000, rounds: 2 },
  repoStat: { slotMs: 250, rounds: 2, warmupMs: 50 }
}
