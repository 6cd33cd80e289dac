/** One way of reaching the same function: direct Kubo, the composite node, the proxy, REST */
export interface BenchPath {
  /** Stable id used in results: `kubo`, `composite`, `proxy`, `composite-cluster`, `rest` */
  id: string
  /** Human label for tables and the chart */
  label: string
}

export interface InterleaveInit<P extends BenchPath, R> {
  paths: readonly P[]
  rounds: number
  /** Called for each round and path, in interleaved order */
  run: (path: P, round: number) => Promise<R>
  /** Told before each slot runs (progress) */
  onSlot?: (path: P, round: number) => void
}

/**
 * Runs every path once per round, interleaved (A B C, then B C A, ...): each round starts one
 * path later, so no path always runs first (on cold caches) or last (after the others warmed
 * or filled something). Returns each path's results in round order.
 *
 * @example
 * ```ts
 * const byPath = await interleave({ paths, rounds: 5, run: async (path) => await timedLoad(...) })
 * byPath.get('kubo') // [round 1 result, round 2 result, ...]
 * ```
 */
export async function interleave<P extends BenchPath, R> (init: InterleaveInit<P, R>): Promise<Map<string, R[]>> {
  const results = new Map<string, R[]>(init.paths.map((path) => [path.id, []]))
  for (let round = 0; round < init.rounds; round++) {
    for (let i = 0; i < init.paths.length; i++) {
      const path = init.paths[(i + round) % init.paths.length]
      init.onSlot?.(path, round)
      results.get(path.id)?.push(await init.run(path, round))
    }
  }
  return results
}
