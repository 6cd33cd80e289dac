import type { Backend } from '@composite-ipfs/interface'

/**
 * A backend whose target is set after the composite node listens: a cluster whose peers use
 * the node as their IPFS daemon must start before the node's cluster connector can know the
 * cluster's REST URLs. Until then `fallback` answers (a Kubo, so the peers' `id` works).
 */
export function lateBackend (fallback: Backend): { backend: Backend, bind: (target: Backend) => void } {
  let target = fallback
  const backend = new Proxy(fallback, {
    get (_fallback, key) {
      const source = target as unknown as Record<PropertyKey, unknown>
      const value = source[key]
      return typeof value === 'function' ? value.bind(source) : value
    }
  })
  return { backend, bind: (next) => { target = next } }
}
