import type { MachineFacts } from './machine.ts'
import type { TargetCheck } from './targets.ts'
import type { ScenarioResult } from '../scenarios/types.ts'
import type { Settings } from '../settings.ts'

/** The JSON file one run leaves in `bench/results/` */
export interface BenchResults {
  schema: 1
  /** ISO time the run finished */
  date: string
  commit: string
  mode: Settings['mode']
  elapsedSeconds: number
  machine: MachineFacts
  settings: Settings
  /** Extra Node.js flags the composite nodes ran with (`--node-flags`) */
  nodeFlags: string[]
  scenarios: ScenarioResult[]
  targets: TargetCheck[]
}
