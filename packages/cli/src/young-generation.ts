import { setFlagsFromString } from 'node:v8'

/**
 * Keeps V8's young generation at its initial size unless the user sized it.
 *
 * A node that streams uploads allocates short-lived buffers at a high rate; with the default
 * young generation (growing to 2 x 16 MiB semi-spaces) they are reclaimed late, which costs
 * 20-30 MiB of peak RSS during a big add (bench: 108-120 MiB → 82-86 MiB for 1 GiB, with less
 * CPU, not more). `--max-semi-space-size` only works at start-up (a re-exec would cost a second
 * node process of some 40 MiB), but V8 reads the growth factor each time it grows the young
 * generation, so setting it at run time works. Any semi-space flag in `NODE_OPTIONS` or on
 * node's command line opts out, e.g. `NODE_OPTIONS=--max-semi-space-size=16`. A V8 that ignores
 * the flag simply keeps its default behaviour.
 */
export function keepYoungGenerationSmall (): boolean {
  const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((flag) => /semi[-_]space/.test(flag))
  if (!chosen) setFlagsFromString('--semi-space-growth-factor=1')
  return !chosen
}
