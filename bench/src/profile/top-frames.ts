import { readFile } from 'node:fs/promises'

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) this reader needs */
interface CpuProfile {
  nodes: Array<{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, hitCount?: number, children?: number[] }>
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

/** Self time of one function, or of one source module */
export interface FrameTime {
  name: string
  /** Where: `source/module.ts:line` (the module from the bundle's `// path` comments) */
  where: string
  selfMs: number
  /** Share of the profile's busy (non-idle) time */
  share: number
}

export interface ProfileSummary {
  totalMs: number
  busyMs: number
  /** Self time per function */
  functions: FrameTime[]
  /** Self + callee time per function (`selfMs` holds the inclusive time here) */
  inclusive: FrameTime[]
  /** Self time per source module */
  modules: FrameTime[]
}

/** Maps a 0-based line of a bundle to the source module esbuild wrote above it (`// packages/x/src/y.ts`) */
async function moduleMapper (url: string): Promise<(line: number) => string> {
  if (!url.startsWith('file://')) return () => url === '' ? '(native)' : url
  const lines = (await readFile(new URL(url), 'utf8').catch(() => '')).split('\n')
  const starts: Array<[number, string]> = []
  lines.forEach((text, i) => {
    const m = /^\/\/ (?:\.\.\/)*((?:packages|node_modules)\/\S+\.[cm]?[jt]s)$/.exec(text)
    if (m !== null) starts.push([i, m[1].replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')])
  })
  return (line) => {
    let found = url.slice(url.lastIndexOf('/') + 1)
    for (const [start, name] of starts) { if (start > line) break; found = name }
    return found
  }
}

type ProfileNode = CpuProfile['nodes'][number]

/** Time on the stack per function: every sample counts once for each distinct function above it */
function inclusiveTimes (profile: CpuProfile, keyOf: (node: ProfileNode) => { key: string, name: string, where: string }): Map<string, FrameTime> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const result = new Map<string, FrameTime>()
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    if (byId.get(id)?.callFrame.functionName === '(idle)') return
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)
      if (node === undefined || node.callFrame.functionName === '(root)') continue
      const { key, name, where } = keyOf(node)
      if (seen.has(key)) continue
      seen.add(key)
      const entry = result.get(key) ?? { name, where, selfMs: 0, share: 0 }
      entry.selfMs += ms
      result.set(key, entry)
    }
  })
  return result
}

/**
 * Reads a `.cpuprofile` and sums self time per function and per source module (for a bundle
 * made by `bundleCli`, modules come from esbuild's path comments), biggest first.
 *
 * @example
 * ```ts
 * const summary = await summarizeProfile('bench/results/profiles/composite-kubo-1.cpuprofile')
 * console.table(summary.functions.slice(0, 20))
 * ```
 */
export async function summarizeProfile (file: string): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile
  const selfUs = new Map<number, number>()
  profile.samples.forEach((id, i) => { selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)) })
  const mappers = new Map<string, (line: number) => string>()
  const functions = new Map<string, FrameTime>()
  const modules = new Map<string, FrameTime>()
  let idleMs = 0
  for (const node of profile.nodes) {
    const ms = (selfUs.get(node.id) ?? 0) / 1000
    if (ms === 0) continue
    const { functionName, url, lineNumber } = node.callFrame
    if (functionName === '(idle)') { idleMs += ms; continue }
    if (!mappers.has(url)) mappers.set(url, await moduleMapper(url))
    const module = mappers.get(url)?.(lineNumber) ?? url
    const name = functionName === '' ? '(anonymous)' : functionName
    const fnKey = `${name} ${module}:${lineNumber + 1}`
    const fn = functions.get(fnKey) ?? { name, where: `${module}:${lineNumber + 1}`, selfMs: 0, share: 0 }
    fn.selfMs += ms
    functions.set(fnKey, fn)
    const mod = modules.get(module) ?? { name: module, where: module, selfMs: 0, share: 0 }
    mod.selfMs += ms
    modules.set(module, mod)
  }
  const inclusive = inclusiveTimes(profile, (node) => {
    const { functionName, url, lineNumber } = node.callFrame
    const module = mappers.get(url)?.(lineNumber) ?? url
    return { key: `${functionName} ${module}:${lineNumber + 1}`, name: functionName === '' ? '(anonymous)' : functionName, where: `${module}:${lineNumber + 1}` }
  })
  const totalMs = (profile.endTime - profile.startTime) / 1000
  const busyMs = totalMs - idleMs
  const sorted = (map: Map<string, FrameTime>): FrameTime[] => [...map.values()]
    .map((f) => ({ ...f, selfMs: Math.round(f.selfMs), share: Math.round(f.selfMs / busyMs * 1000) / 10 }))
    .sort((a, b) => b.selfMs - a.selfMs)
  return { totalMs: Math.round(totalMs), busyMs: Math.round(busyMs), functions: sorted(functions), inclusive: sorted(inclusive), modules: sorted(modules) }
}

// `node --import tsx bench/src/profile/top-frames.ts <file.cpuprofile> [top]`
if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top = '25'] = process.argv.slice(2)
  if (file === undefined) {
    process.stderr.write('usage: node --import tsx bench/src/profile/top-frames.ts <file.cpuprofile> [top]\n')
    process.exit(2)
  }
  const summary = await summarizeProfile(file)
  process.stdout.write(`${file}: ${summary.totalMs} ms profiled, ${summary.busyMs} ms busy\n\nTop functions (self time):\n`)
  for (const f of summary.functions.slice(0, Number(top))) process.stdout.write(`${String(f.selfMs).padStart(7)} ms ${String(f.share).padStart(5)}%  ${f.name}  ${f.where}\n`)
  process.stdout.write('\nTop functions (inclusive time):\n')
  for (const f of summary.inclusive.slice(0, Number(top))) process.stdout.write(`${String(f.selfMs).padStart(7)} ms ${String(f.share).padStart(5)}%  ${f.name}  ${f.where}\n`)
  process.stdout.write('\nTop modules (self time):\n')
  for (const m of summary.modules.slice(0, Number(top))) process.stdout.write(`${String(m.selfMs).padStart(7)} ms ${String(m.share).padStart(5)}%  ${m.name}\n`)
}
