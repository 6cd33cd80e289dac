import { CID } from 'multiformats/cid'

/**
 * Turns a kubo-rpc-client result into plain data that `toEqual` can compare: CIDs and
 * multiaddrs become strings, async iterables are collected, byte arrays stay bytes.
 */
export async function normalise (value: unknown): Promise<unknown> {
  if (value == null || typeof value !== 'object') return value
  if (value instanceof Uint8Array) return value
  const cid = CID.asCID(value)
  if (cid != null) return cid.toString()
  if (typeof (value as { toString?: unknown }).toString === 'function' && isMultiaddr(value)) return String(value)
  if (Symbol.asyncIterator in value) {
    const items: unknown[] = []
    for await (const item of value as AsyncIterable<unknown>) items.push(await normalise(item))
    return items
  }
  if (Array.isArray(value)) return Promise.all(value.map(normalise))
  if (value instanceof Date) return value.toISOString()
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = await normalise(v)
  return out
}

function isMultiaddr (value: object): boolean {
  return 'bytes' in value && 'protoNames' in value
}
