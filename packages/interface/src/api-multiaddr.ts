import { multiaddr } from '@multiformats/multiaddr'

/** Where a Kubo RPC API (or an ipfs-cluster REST API) listens, as a multiaddr says it */
export type ApiAddress =
  | { kind: 'tcp', host: string, port: number, tls: boolean }
  | { kind: 'unix', path: string }

const TCP_HOSTS = new Set(['ip4', 'ip6', 'dns', 'dns4', 'dns6'])
const TLS_SUFFIXES = new Set(['https', 'tls/http'])

/**
 * `/unix/<path>`: as Kubo and go-multiaddr write it, the rest of the address is the path as it
 * is (`/unix/tmp/a%20b.sock` is the file `/tmp/a%20b.sock`); as @multiformats/multiaddr v13
 * writes it, one percent-encoded component (`/unix/%2Ftmp%2Fa%20b.sock` is `/tmp/a b.sock`).
 */
function unixPath (address: string): string {
  const rest = address.slice('/unix'.length)
  if (!/^\/%2f/i.test(rest)) return rest
  const [component] = multiaddr(address).getComponents()
  return component?.value ?? rest
}

/**
 * The one parser of API multiaddrs, for listening and dialling alike:
 * `/ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>`, optionally `/http`, `/https` or `/tls/http`, and
 * `/unix/<path>` in Go's form or @multiformats/multiaddr's. Throws a `TypeError` naming the
 * address and the accepted forms.
 *
 * @example
 * ```ts
 * parseApiMultiaddr('/ip4/127.0.0.1/tcp/5001')  // { kind: 'tcp', host: '127.0.0.1', port: 5001, tls: false }
 * parseApiMultiaddr('/unix/run/ipfs/api.sock') // { kind: 'unix', path: '/run/ipfs/api.sock' }
 * ```
 */
export function parseApiMultiaddr (address: string): ApiAddress {
  if (address.startsWith('/unix/')) return { kind: 'unix', path: unixPath(address) }
  const accepted = 'expected /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/http|/https|/tls/http] or /unix/<path>'
  let components
  try {
    components = multiaddr(address).getComponents()
  } catch (err) {
    throw new TypeError(`invalid multiaddr ${address}: ${(err as Error).message}; ${accepted}`)
  }
  const [host, tcp, ...rest] = components
  const port = Number(tcp?.value)
  const suffix = rest.map((component) => component.name).join('/')
  if (host?.value === undefined || !TCP_HOSTS.has(host.name) || tcp?.name !== 'tcp' || !Number.isInteger(port) || port < 0 || port > 65535 ||
    !(suffix === '' || suffix === 'http' || TLS_SUFFIXES.has(suffix))) {
    throw new TypeError(`unsupported multiaddr ${address}: ${accepted}`)
  }
  return { kind: 'tcp', host: host.value, port, tls: TLS_SUFFIXES.has(suffix) }
}
