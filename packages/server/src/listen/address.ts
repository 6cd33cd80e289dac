import { parseApiMultiaddr } from '@composite-ipfs/interface'
import type { ApiAddress } from '@composite-ipfs/interface'

/** Where to listen, parsed from a URL or a multiaddr */
export type ListenTarget = ApiAddress

function port (value: string | undefined, address: string): number {
  const number = Number(value)
  if (value === undefined || value === '' || !Number.isInteger(number) || number < 0 || number > 65535) {
    throw new TypeError(`invalid port in listen address ${address}`)
  }
  return number
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
  if (!address.startsWith('/')) return fromUrl(address)
  try {
    return parseApiMultiaddr(address)
  } catch (err) {
    throw new TypeError(`listen address: ${(err as Error).message}`)
  }
}
