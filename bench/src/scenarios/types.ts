import type { Progress } from '../progress.ts'
import type { Settings } from '../settings.ts'
import type { Topology } from '../topology.ts'
import type { Agent } from 'undici'

/** What every scenario gets */
export interface ScenarioContext {
  topo: Topology
  agent: Agent
  settings: Settings
  progress: Progress
}

/** One measured (case, path) pair */
export interface ResultRow {
  /** What was measured, e.g. `id, c=1` or `1 GiB file` */
  case: string
  path: string
  label: string
  /** Named figures; null where a figure does not apply to this path */
  metrics: Record<string, number | null>
  /** `metrics[scenario.ratioOf]` divided by the baseline path's, in the same case */
  ratio: number | null
}

/** A column of a scenario's table */
export interface MetricColumn {
  key: string
  label: string
}

export interface ScenarioResult {
  id: string
  title: string
  /** Path id the ratios are against */
  baseline: string
  /** Metric the ratio is computed from */
  ratioOf: string
  /** `time`: a ratio above 1 is slower; `rate`: a ratio below 1 is slower */
  ratioKind: 'time' | 'rate'
  columns: MetricColumn[]
  rows: ResultRow[]
  /** Setup facts and caveats for the report */
  notes: string[]
}

/** A benchmark scenario */
export interface Scenario {
  id: string
  title: string
  run(ctx: ScenarioContext): Promise<ScenarioResult>
}
