import type { ResultRow, ScenarioResult } from '../scenarios/types.ts'

/** One target of the issue, checked against one run */
export interface TargetCheck {
  /** Stable id, e.g. `small-rpc-p50:id c=1` */
  id: string
  /** What is promised, in words */
  target: string
  /** The measured figure, in words; null when the scenario did not run */
  value: string | null
  /** null when it could not be checked */
  met: boolean | null
}

type Find = (scenario: string, kase: string, path: string) => ResultRow | undefined

function finder (results: ScenarioResult[]): Find {
  return (scenario, kase, path) => results.find((r) => r.id === scenario)?.rows.find((row) => row.case === kase && row.path === path)
}

function casesOf (results: ScenarioResult[], scenario: string): string[] {
  return [...new Set(results.find((r) => r.id === scenario)?.rows.map((row) => row.case) ?? [])]
}

function check (id: string, target: string, value: number | null | undefined, ok: (v: number) => boolean, show: (v: number) => string): TargetCheck {
  if (value == null || !Number.isFinite(value)) return { id, target, value: null, met: null }
  return { id, target, value: show(value), met: ok(value) }
}

function smallRpcChecks (results: ScenarioResult[], find: Find): TargetCheck[] {
  return casesOf(results, 'small-rpc').flatMap((kase) => {
    const composite = find('small-rpc', kase, 'composite')
    const proxy = find('small-rpc', kase, 'proxy')
    const added = composite?.metrics.addedMs
    const proxyAdded = proxy?.metrics.addedMs
    const checks = [check(`small-rpc-added:${kase}`, `${kase}: composite node's added p50 latency <= the proxy's`, added,
      (v) => proxyAdded != null && v <= proxyAdded, (v) => `+${v} ms vs proxy +${proxyAdded ?? '?'} ms`)]
    if (kase.endsWith(' c=1')) {
      checks.push(check(`small-rpc-p50:${kase}`, `${kase}: composite node p50 <= 1.15x Kubo`, composite?.ratio, (v) => v <= 1.15, (v) => `${v}x`))
    }
    return checks
  })
}

/**
 * The listing targets. First line and total are checked on the pinset mode (`--cluster-pin-ls
 * pinset`: the shared pinset, as the proxy and REST /allocations list it); the default status
 * mode lists what is pinned from REST /pins?filter=pinned, which the cluster builds whole first,
 * so its total is checked against that call. Memory is checked on both.
 */
function listingChecks (find: Find, kase: string): TargetCheck[] {
  const pinset = find('listing', kase, 'composite-cluster-pinset')
  const status = find('listing', kase, 'composite-cluster')
  const pinned = find('listing', kase, 'rest-pinned')?.metrics.totalMs
  const statusRatio = status?.metrics.totalMs != null && pinned != null && pinned > 0 ? Math.round(status.metrics.totalMs / pinned * 1000) / 1000 : null
  const checks = [
    check(`listing-first-line:${kase}`, `pin/ls ${kase}: composite node (pinset mode) first line < 200 ms`, pinset?.metrics.firstLineMs, (v) => v < 200, (v) => `${v} ms`),
    check(`listing-total:${kase}`, `pin/ls ${kase}: composite node (pinset mode) total <= 1.2x REST /allocations`, pinset?.ratio, (v) => v <= 1.2, (v) => `${v}x (${pinset?.metrics.totalMs ?? '?'} ms)`),
    check(`listing-status-total:${kase}`, `pin/ls ${kase}: composite node (status mode, default) total <= 1.2x REST /pins?filter=pinned`, statusRatio, (v) => v <= 1.2, (v) => `${v}x (${status?.metrics.totalMs ?? '?'} ms)`)
  ]
  for (const [id, mode, row] of [['pinset', 'pinset mode', pinset], ['status', 'status mode', status]] as const) {
    checks.push(check(`listing-memory-${id}:${kase}`, `pin/ls ${kase}: composite node (${mode}) memory flat (RSS growth <= 64 MiB)`, row?.metrics.frontGrowthMiB, (v) => v <= 64, (v) => `+${v} MiB`))
  }
  return checks
}

/**
 * Checks a run against the targets: small-RPC latency, add/cat throughput and memory,
 * and the 100k-pin listing. A scenario that did not run gives `met: null`.
 *
 * @example
 * ```ts
 * const missed = checkTargets(results).filter((t) => t.met === false)
 * ```
 */
export function checkTargets (results: ScenarioResult[]): TargetCheck[] {
  const find = finder(results)
  const checks = smallRpcChecks(results, find)
  for (const kase of casesOf(results, 'add')) {
    const row = find('add', kase, 'composite')
    checks.push(check(`add-throughput:${kase}`, `add ${kase}: composite node >= 0.95x Kubo's throughput`, row?.ratio, (v) => v >= 0.95, (v) => `${v}x (${row?.metrics.mibps ?? '?'} MiB/s)`))
  }
  const bigAdd = casesOf(results, 'add').find((kase) => kase.includes('file'))
  if (bigAdd !== undefined) {
    checks.push(check('add-rss', `add ${bigAdd}: composite node peak RSS <= 100 MiB`, find('add', bigAdd, 'composite')?.metrics.frontPeakMiB, (v) => v <= 100, (v) => `${v} MiB`))
  }
  for (const kase of casesOf(results, 'cat')) {
    const row = find('cat', kase, 'composite')
    checks.push(check(`cat-throughput:${kase}`, `cat ${kase}: composite node >= 0.95x Kubo's throughput`, row?.ratio, (v) => v >= 0.95, (v) => `${v}x (${row?.metrics.mibps ?? '?'} MiB/s)`))
  }
  for (const kase of casesOf(results, 'listing')) checks.push(...listingChecks(find, kase))
  return checks
}
