import { randomBytes } from 'node:crypto'
import { request } from 'undici'

/** One kind of request the soak sends, and how often relative to the others */
export interface SoakOp {
  name: string
  weight: number
  /** Resolves `false` when there was nothing to do (no pin to re-pin yet): not counted */
  run: (signal: AbortSignal) => Promise<boolean | undefined>
}

/** CIDs added through the overcluster and still pinned there, oldest first */
export class LivePins {
  readonly pinned: string[] = []
  readonly unpinned: string[] = []
  constructor (private readonly max: number) {}
  any (): string | undefined { return this.pinned[Math.floor(Math.random() * this.pinned.length)] }
  added (cid: string): void { this.pinned.push(cid) }
  /** The oldest pin once there are more than `max` */
  surplus (): string | undefined { return this.pinned.length > this.max ? this.pinned.shift() : undefined }
  takeUnpinned (): string | undefined { return this.unpinned.shift() }
}

async function ok (res: Awaited<ReturnType<typeof request>>, what: string): Promise<string> {
  const text = await res.body.text()
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${text.slice(0, 200)}`)
  return text
}

/**
 * Mixed traffic through a two-level topology: adds, pins and unpins through the overcluster's
 * REST API (which drives the composite node), and cat, pin/ls and repo/stat straight to the
 * composite node, as a gateway would.
 */
export function soakOps (overclusterRest: string, node: string, live: LivePins): SoakOp[] {
  const rpc = async (path: string, signal: AbortSignal): Promise<string> =>
    await ok(await request(`${node}/api/v0/${path}`, { method: 'POST', signal }), path.split('?')[0]!)
  const rest = async (method: 'POST' | 'DELETE', path: string, signal: AbortSignal): Promise<string> =>
    await ok(await request(`${overclusterRest}${path}`, { method, signal }), `${method} ${path.split('?')[0]}`)
  return [
    {
      name: 'add',
      weight: 3,
      async run (signal) {
        const form = new FormData()
        form.append('file', new Blob([randomBytes(16 * 1024 + Math.floor(Math.random() * 48 * 1024))]), 'soak.bin')
        const res = await fetch(`${overclusterRest}/add?stream-channels=false`, { method: 'POST', body: form, signal })
        const text = await res.text()
        if (res.status !== 200) throw new Error(`add: ${res.status} ${text.slice(0, 200)}`)
        const [added] = JSON.parse(text) as Array<{ cid: string | { '/': string } }>
        const cid = typeof added?.cid === 'string' ? added.cid : added?.cid?.['/']
        if (cid === undefined) throw new Error(`add: no cid in ${text.slice(0, 200)}`)
        live.added(cid)
        const old = live.surplus()
        if (old !== undefined) {
          await rest('DELETE', `/pins/${old}`, signal)
          live.unpinned.push(old)
        }
        return true
      }
    },
    {
      name: 'pin',
      weight: 1,
      async run (signal) {
        const cid = live.takeUnpinned()
        if (cid === undefined) return false
        await rest('POST', `/pins/${cid}`, signal)
        live.added(cid)
        return true
      }
    },
    {
      name: 'cat',
      weight: 3,
      async run (signal) {
        const cid = live.any()
        if (cid === undefined) return false
        await rpc(`cat?arg=${cid}`, signal)
        return true
      }
    },
    { name: 'pin/ls', weight: 1, async run (signal) { await rpc('pin/ls?type=recursive', signal); return true } },
    { name: 'repo/stat', weight: 2, async run (signal) { await rpc('repo/stat?size-only=true', signal); return true } }
  ]
}

/** Picks an operation at random by weight */
export function pick (ops: SoakOp[]): SoakOp {
  let roll = Math.random() * ops.reduce((sum, op) => sum + op.weight, 0)
  for (const op of ops) {
    roll -= op.weight
    if (roll < 0) return op
  }
  return ops[ops.length - 1]!
}
