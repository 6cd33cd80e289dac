import { setFlagsFromString } from 'node:v8'

/**
 * Bounds V8's young generation unless the user sized it.
 *
 * A node that streams uploads allocates short-lived buffers at a high rate; with V8's default
 * young generation (growing to 2 x 16 MiB semi-spaces) they are reclaimed late, which costs
 * 20-40 MiB of peak RSS during a big add. The maximum size can only be given when node starts
 * (a flag on the launcher's shebang would need `env -S`, which busybox's env, in Alpine images,
 * lacks), but V8 reads the growth factor each time it grows the young generation: at 1 it stays
 * at its initial size. Memory is then lowest (bench: 1 GiB add peak 103 MiB right after a
 * 64-connection RPC load), at a CPU cost under heavy small-RPC load, where scavenges become
 * frequent. `NODE_OPTIONS=--max-semi-space-size=4` trades memory for throughput (140 MiB, 11-32 %
 * more req/s at concurrency 64); any semi-space flag in `NODE_OPTIONS` or on node's command line
 * turns this off. A V8 that ignores the flag keeps its default.
 */
export function keepYoungGenerationSmall (): boolean {
  const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((flag) => /semi[-_]space/.test(flag))
  if (!chosen) setFlagsFromString('--semi-space-growth-factor=1')
  return !chosen
}
