/**
 * An address safe to print: a URL without userinfo, query or fragment; a multiaddr or a
 * socket path (they hold no credentials) as it is; anything else hidden, since it may hold a
 * secret.
 *
 * @example
 * ```ts
 * redactUrl('http://user:pass@10.0.0.1:9094/?token=x') // 'http://10.0.0.1:9094'
 * redactUrl('/ip4/127.0.0.1/tcp/5001')                // '/ip4/127.0.0.1/tcp/5001'
 * ```
 */
export function redactUrl (url: string | URL): string {
  if (typeof url === 'string' && url.startsWith('/')) return url
  try {
    const u = new URL(url)
    u.username = ''
    u.password = ''
    u.search = ''
    u.hash = ''
    return u.pathname === '/' ? u.origin : `${u.origin}${u.pathname}`
  } catch {
    return '<invalid url>'
  }
}
