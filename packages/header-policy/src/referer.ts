import { isIPv6 } from 'node:net'

/**
 * The `scheme://host[:port]` that go-ipfs-cmds compares with the allowed origins, computed
 * the way Go's `url.Parse` computes `u.Scheme + "://" + u.Host`; `undefined` where Go fails
 * to parse (Kubo then refuses the request).
 *
 * WHATWG `new URL` would be wrong here: it lower-cases the host, drops default ports and
 * rejects relative references, so it would allow (or refuse) Referers that Kubo refuses
 * (or allows). The cases are pinned against Go 1.26 in `test/unit/referer.spec.ts`.
 */
export function refererOrigin (referer: string): string | undefined {
  if (/[\x00-\x1f\x7f]/.test(referer)) return undefined
  const [beforeFragment, fragment] = cut(referer, '#')
  if (fragment !== undefined && !validEscapes(fragment)) return undefined

  const schemeEnd = schemeLength(beforeFragment)
  if (schemeEnd === -1) return undefined
  const scheme = beforeFragment.slice(0, schemeEnd).toLowerCase()
  let rest = schemeEnd === 0 ? beforeFragment : beforeFragment.slice(schemeEnd + 1)
  rest = cut(rest, '?')[0]

  if (!rest.startsWith('/')) {
    if (scheme !== '') return `${scheme}://` // opaque, e.g. mailto:x
    if (cut(rest, '/')[0].includes(':')) return undefined
    return validEscapes(rest) ? '://' : undefined
  }
  let host = ''
  if (rest.startsWith('//') && (scheme !== '' || !rest.startsWith('///'))) {
    const [authority, path] = cut(rest.slice(2), '/')
    const parsed = parseAuthority(scheme, authority)
    if (parsed === undefined) return undefined
    host = parsed
    rest = path === undefined ? '' : `/${path}`
  }
  return validEscapes(rest) ? `${scheme}://${host}` : undefined
}

/** Index of the `:` ending a scheme, 0 when there is no scheme, -1 for Go's "missing protocol scheme" */
function schemeLength (url: string): number {
  for (let i = 0; i < url.length; i++) {
    const c = url[i]
    if (/[a-zA-Z]/.test(c)) continue
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return 0
      continue
    }
    if (c === ':') return i === 0 ? -1 : i
    return 0
  }
  return 0
}

function parseAuthority (scheme: string, authority: string): string | undefined {
  const at = authority.lastIndexOf('@')
  if (at >= 0 && !/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(authority.slice(0, at))) return undefined
  if (at >= 0 && !validEscapes(authority.slice(0, at))) return undefined
  return parseHost(scheme, authority.slice(at + 1))
}

function parseHost (scheme: string, host: string): string | undefined {
  const open = host.lastIndexOf('[')
  if (open > 0) return undefined
  if (open === 0) {
    const close = host.lastIndexOf(']')
    if (close < 0) return undefined
    const port = host.slice(close + 1)
    if (!validPort(port)) return undefined
    const name = unescapeHost(host.slice(1, close).replace('%25', '\u0000'))?.replace('\u0000', '%')
    if (name === undefined || !isIPv6(name.split('%')[0])) return undefined
    return `[${name}]${port}`
  }
  const first = host.indexOf(':')
  if (first >= 0) {
    // Go is strict about extra colons for http(s) only
    const colon = scheme === 'http' || scheme === 'https' ? first : host.lastIndexOf(':')
    if (!validPort(host.slice(colon))) return undefined
  }
  return unescapeHost(host)
}

function validPort (port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port)
}

/** Go `unescape(s, encodeHost)`: only non-ASCII may be %-escaped, and some ASCII is refused */
function unescapeHost (host: string): string | undefined {
  if (/[^A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"%\u0000\u0080-\uffff]/.test(host)) return undefined
  if (!validEscapes(host)) return undefined
  if (/%[0-7][0-9a-fA-F]/.test(host)) return undefined
  try {
    return decodeURIComponent(host)
  } catch {
    return host
  }
}

function validEscapes (s: string): boolean {
  return !/%(?![0-9a-fA-F]{2})/.test(s)
}

function cut (s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep)
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)]
}
