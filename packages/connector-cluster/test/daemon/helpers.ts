import { randomBytes } from 'node:crypto'
import type { KuboDaemon } from '@composite-ipfs/testbed'

export interface KuboAddLine { Name: string, Hash: string, Size: string }

/** Adds files straight into one Kubo (not through the cluster), e.g. content for pins */
export async function kuboAdd (kubo: KuboDaemon, files: Record<string, string | Uint8Array>, query: Record<string, string> = {}): Promise<KuboAddLine[]> {
  const form = new FormData()
  for (const [name, content] of Object.entries(files)) form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), encodeURIComponent(name))
  const url = new URL('/api/v0/add', kubo.apiUrl)
  for (const [key, value] of Object.entries({ pin: 'false', ...query })) url.searchParams.set(key, value)
  const res = await fetch(url, { method: 'POST', body: form })
  if (res.status !== 200) throw new Error(`add: ${res.status} ${await res.text()}`)
  return (await res.text()).split('\n').filter(l => l !== '').map(l => JSON.parse(l) as KuboAddLine)
}

/** The pin type a bottom Kubo reports for `cid` (its own pin/ls), or `undefined` when not pinned */
export async function kuboPinType (kubo: KuboDaemon, cid: string, type = 'all'): Promise<string | undefined> {
  try {
    const res = await kubo.rpc<{ Keys: Record<string, { Type: string }> }>('pin/ls', { arg: cid, type })
    return Object.values(res.Keys)[0]?.Type
  } catch (err) {
    if (/is not pinned/.test(String((err as Error).message))) return undefined
    throw err
  }
}

/** Content no other test (and no other run) has */
export function unique (label = 'x'): string {
  return `${label}-${randomBytes(12).toString('hex')}\n`
}

/** A CID whose block nobody has: pins of it never complete */
export async function missingCid (kubo: KuboDaemon): Promise<string> {
  const [line] = await kuboAdd(kubo, { 'gone.txt': unique('missing') }, { 'only-hash': 'true' })
  return line!.Hash
}

export async function collect<T> (source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of source) out.push(item)
  return out
}
