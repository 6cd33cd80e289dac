import { setFlagsFromString } from 'node:v8'

/**
 * Bounds V8's young generation when node was started without a size for it.
 *
 * A node that streams uploads allocates short-lived buffers at a high rate; with V8's default
 * young generation (growing to 2 x 16 MiB semi-spaces) they are reclaimed late, which costs
 * 20-40 MiB of peak RSS during a big add. The installed command starts node with
 * `--max-semi-space-size=2` (the launcher's shebang, which npm's and pnpm's bin shims pass on):
 * small enough for the add (bench: peak 101 MiB for 1 GiB right after a 64-connection RPC load,
 * against 140 MiB with 4 MiB semi-spaces), and small RPCs under load spend 4-13 % less CPU
 * than with 1 MiB semi-spaces (4 MiB would save about a third, at that memory cost).
 * The maximum can only be given at start-up; when node runs this CLI without it (`node
 * bin/composite-ipfs.mjs`), the growth factor, which V8 reads each time it grows the young
 * generation, is set to 1 instead: memory stays as low, at some CPU cost under load. A
 * semi-space flag in `NODE_OPTIONS` or on node's command line is left alone (then nothing is
 * set here). A V8 that ignores the flag keeps its default.
 */
export function keepYoungGenerationSmall (): boolean {
  const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((flag) => /semi[-_]space/.test(flag))
  if (!chosen) setFlagsFromString('--semi-space-growth-factor=1')
  return !chosen
}
