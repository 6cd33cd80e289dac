/**
 * Origins Kubo always allows (kubo `core/corehttp/commands.go`): the API's own address under
 * every loopback name, with `<port>` replaced by the port the API listens on.
 */
export const LOCALHOST_ORIGINS: readonly string[] = [
  'http://127.0.0.1:<port>',
  'https://127.0.0.1:<port>',
  'http://[::1]:<port>',
  'https://[::1]:<port>',
  'http://localhost:<port>',
  'https://localhost:<port>'
]

/** IPFS Companion and its beta, allowed by Kubo whatever else is configured */
export const COMPANION_ORIGINS: readonly string[] = [
  'chrome-extension://nibjojkomfdiaoajekhjakgkdhaomnch',
  'chrome-extension://hjoieblefckbooibpepigmacodalfndh'
]

/**
 * The allowed origins for one API port. Kubo patches `<port>` once, with its listener's port;
 * a composite node may listen on several ports, so the list is built (and kept) per port.
 * Without a port (a unix socket) the `<port>` placeholders stay, as they do in Kubo.
 */
export function originsForPort (configured: readonly string[], port: number | undefined): string[] {
  const all = [...configured, ...LOCALHOST_ORIGINS, ...COMPANION_ORIGINS]
  return port === undefined ? all : all.map(o => o.replaceAll('<port>', String(port)))
}
