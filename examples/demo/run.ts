import type { Say } from './steps.ts'

/** One demo topology: started by the call, its steps run by `steps`, torn down by `stop` */
export type DemoRun = (context: { dir: string, say: Say }) => Promise<{
  steps: () => Promise<void>
  stop: () => Promise<void>
  /** Every endpoint, for `--keep` */
  endpoints: () => string[][]
}>
