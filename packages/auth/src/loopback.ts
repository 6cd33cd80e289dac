import { BlockList, isIP } from 'node:net'
import { parseApiMultiaddr } from '@composite-ipfs/interface'

const LOOPBACK = new BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')

/** 127.0.0.0/8 and ::1, in any notation; BlockList also matches IPv4-mapped IPv6 (`::ffff:127.0.0.1`) */
function isLoopbackIp (ip: string): boolean {
  const family = isIP(ip)
  return family !== 0 && LOOPBACK.check(ip, family === 4 ? 'ipv4' : 'ipv6')
}

function isLoopbackHost (host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase()
  // RFC 6761: `localhost` and names under it always resolve to loopback
  return name === 'localhost' || name.endsWith('.localhost') || isLoopbackIp(name)
}

function multiaddrHost (addr: string): string | undefined {
  try {
    const target = parseApiMultiaddr(addr)
    return target.kind === 'unix' ? 'localhost' : target.host
  } catch {
    return undefined // not an address anything listens on
  }
}

/**
 * Whether a listen address is reachable only from this host: a loopback IP (127.0.0.0/8, ::1,
 * ::ffff:127.x), `localhost`, or a unix socket. Takes multiaddrs (`/ip4/127.0.0.1/tcp/5001`,
 * `/unix/...`), URLs (`http://[::1]:5001`, `http+unix://...`), `host:port` and bare hosts.
 * `0.0.0.0` and `::` listen everywhere and are not loopback. A CLI should warn when it serves
 * an open API (no `API.Authorizations`) on an address for which this returns false.
 *
 * @example
 * ```ts
 * isLoopbackAddress('/ip4/127.0.0.1/tcp/5001') // true
 * isLoopbackAddress('http://0.0.0.0:5001')     // false
 * ```
 */
export function isLoopbackAddress (addr: string): boolean {
  const trimmed = addr.trim()
  if (trimmed.startsWith('/')) {
    const host = multiaddrHost(trimmed)
    return host !== undefined && isLoopbackHost(host)
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    if (/^[a-z0-9.+-]*unix:/i.test(trimmed)) {
      return true
    }
    try {
      return isLoopbackHost(new URL(trimmed).hostname)
    } catch {
      return false
    }
  }
  if (isLoopbackHost(trimmed)) {
    return true
  }
  // host:port or [v6]:port
  const match = trimmed.match(/^(\[[^\]]+\]|[^:]+):\d+$/)
  return match !== null && isLoopbackHost(match[1] as string)
}
