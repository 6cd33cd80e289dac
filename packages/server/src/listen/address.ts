import { multiaddr } from '@multiformats/multiaddr'

/** Where to listen, parsed from a URL or a multiaddr */
export type ListenTarget =
  | { kind: 'tcp', host: string, port: number, tls: boolean }
  | { kind: 'unix', path: string }

function port (value: string | undefined, address: string): number {
  const number = Number(value)
  if (value === undefined || value === '' || !Number.isInteger(number) || number < 0 || number > 65535) {
    throw new TypeError(`invalid port in listen address ${address}`)
  }
  return number
}

/**
 * `/unix/<path>` as Kubo writes it (`/unix/tmp/api.sock`), or percent-encoded as
 * @multiformats/multiaddr v13 writes it (`/unix/%2Ftmp%2Fapi.sock`).
 */
function unixPath (address: string): string {
  const rest = address.slice('/unix'.length)
  return /%2f/i.test(rest) ? decodeURIComponent(rest.slice(1)) : rest
}

const TCP_HOSTS = new Set(['ip4', 'ip6', 'dns', 'dns4', 'dns6'])

function fromMultiaddr (address: string): ListenTarget {
  const [host, tcp, ...rest] = multiaddr(address).getComponents()
  if (host === undefined || !TCP_HOSTS.has(host.name) || tcp?.name !== 'tcp' || host.value === undefined) {
    throw new TypeError(`unsupported listen multiaddr ${address}: expected /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port> or /unix/<path>`)
  }
  const suffix = rest.map((component) => component.name).join('/')
  if (!['', 'http', 'https', 'tls/http'].includes(suffix)) {
    throw new TypeError(`unsupported listen multiaddr ${address}`)
  }
  return { kind: 'tcp', host: host.value, port: port(tcp.value, address), tls: suffix === 'https' || suffix === 'tls/http' }
}

function fromUrl (address: string): ListenTarget {
  let url: URL
  try {
    url = new URL(address)
  } catch {
    throw new TypeError(`invalid listen address ${address}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`unsupported listen URL scheme in ${address}`)
  }
  const tls = url.protocol === 'https:'
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return { kind: 'tcp', host, port: url.port === '' ? (tls ? 443 : 80) : port(url.port, address), tls }
}

/** Parses `http(s)://host:port`, `/ip4|ip6|dns*\/<host>/tcp/<port>` or `/unix/<path>` */
export function parseListenAddress (address: string): ListenTarget {
  if (address.startsWith('/unix/')) {
    return { kind: 'unix', path: unixPath(address) }
  }
  return address.startsWith('/') ? fromMultiaddr(address) : fromUrl(address)
}
