import type { ScenarioResult } from '../scenarios/types.ts'

const COLORS: Record<string, string> = {
  kubo: '#6b7280',
  composite: '#2563eb',
  proxy: '#dc2626',
  'composite-cluster': '#059669',
  'composite-nocache': '#10b981',
  floor: '#9ca3af',
  rest: '#d97706',
  'rest-pinned': '#f59e0b'
}
const BAR = 16
const GAP = 4
const GROUP_GAP = 14
const HEADER = 20
const LEFT = 330
const WIDTH = 1100
const PLOT = WIDTH - LEFT - 90
const MIN = 0.25
const MAX = 64

/** How many times the baseline's time a row took (rates are inverted), or null */
function slowdown (scenario: ScenarioResult, ratio: number | null): number | null {
  if (ratio === null || ratio <= 0) return null
  return scenario.ratioKind === 'time' ? ratio : 1 / ratio
}

function x (value: number): number {
  const clamped = Math.min(MAX, Math.max(MIN, value))
  return LEFT + (Math.log2(clamped) - Math.log2(MIN)) / (Math.log2(MAX) - Math.log2(MIN)) * PLOT
}

/**
 * Renders every row's ratio to its scenario's baseline as a horizontal bar chart (PNG), on a
 * log scale where 1 is "as fast as the baseline" and longer bars are slower (rates are inverted
 * so that all bars read the same way).
 *
 * @example
 * ```ts
 * await writeFile('ratios.png', ratioChart(results.scenarios, 'composite-ipfs, full run'))
 * ```
 */
/**
 * The ratio chart as PNG bytes, or `undefined` when the optional native canvas library is not
 * installed (`pnpm install --no-optional`: the packages never need it, only this chart does)
 */
export async function ratioChart (scenarios: ScenarioResult[], title: string): Promise<Buffer | undefined> {
  const canvasModule = await import('@napi-rs/canvas').catch(() => undefined)
  if (canvasModule === undefined) return undefined
  const { createCanvas } = canvasModule
  const groups = scenarios.flatMap((s) => [...new Set(s.rows.map((r) => r.case))].map((kase) => ({ scenario: s, kase, rows: s.rows.filter((r) => r.case === kase && r.path !== s.baseline) })))
  const height = 90 + groups.reduce((h, g) => h + HEADER + g.rows.length * (BAR + GAP) + GROUP_GAP, 0) + 40
  const canvas = createCanvas(WIDTH, height)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, WIDTH, height)
  ctx.fillStyle = '#111827'
  ctx.font = 'bold 18px sans-serif'
  ctx.fillText(title, 16, 28)
  ctx.font = '13px sans-serif'
  ctx.fillText('time relative to the baseline path (log scale; 1 = as fast, right = slower; rates inverted)', 16, 50)
  for (const tick of [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]) {
    ctx.strokeStyle = tick === 1 ? '#111827' : '#e5e7eb'
    ctx.beginPath()
    ctx.moveTo(x(tick), 64)
    ctx.lineTo(x(tick), height - 30)
    ctx.stroke()
    ctx.fillStyle = '#374151'
    ctx.fillText(`${tick}x`, x(tick) - 10, height - 12)
  }
  let y = 80
  for (const group of groups) {
    ctx.fillStyle = '#111827'
    ctx.font = 'bold 12px sans-serif'
    ctx.fillText(`${group.scenario.id}: ${group.kase} (vs ${group.scenario.baseline})`, 16, y + 12)
    ctx.font = '12px sans-serif'
    y += HEADER
    for (const row of group.rows) {
      const value = slowdown(group.scenario, row.ratio)
      ctx.fillStyle = '#374151'
      ctx.fillText(row.label, 40, y + BAR - 3)
      if (value !== null) {
        ctx.fillStyle = COLORS[row.path] ?? '#7c3aed'
        const from = x(1)
        const to = x(value)
        ctx.fillRect(Math.min(from, to), y, Math.max(2, Math.abs(to - from)), BAR)
        ctx.fillStyle = '#111827'
        ctx.fillText(`${value >= 10 ? value.toFixed(0) : value.toFixed(2)}x`, Math.max(from, to) + 4, y + BAR - 3)
      } else {
        ctx.fillText('n/a', x(1) + 4, y + BAR - 3)
      }
      y += BAR + GAP
    }
    y += GROUP_GAP
  }
  return canvas.toBuffer('image/png')
}
