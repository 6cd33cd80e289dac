import { unlink } from 'node:fs/promises'
import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { isIPv6 } from 'node:net'
import { parseListenAddress } from './address.ts'
import { Lingering } from './linger.ts'
import { listening, stopListening } from './listening.ts'
import { listenUnix } from './unix.ts'
import type { ListenAddress, ListenOptions } from '../types.ts'
import type { IncomingMessage, RequestListener, Server, ServerOptions } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** A server this package started, and the socket file to remove when it closes */
export interface Bound {
  server: Server
  address: ListenAddress
  socketPath?: string
  /** Connections closed after their answer that still read what their client sends */
  lingering: Lingering
}

/**
 * Stops a bound server and removes its socket file. Node unlinks only the path it bound, and a
 * unix socket is bound in a staging directory, then linked into place (see `listenUnix`).
 */
export async function release (bound: Bound, stopped: Promise<void> = stopListening(bound.server)): Promise<void> {
  bound.lingering.destroyAll()
  await stopped
  if (bound.socketPath !== undefined) await unlink(bound.socketPath).catch(() => {})
}

/** Kubo answers CONNECT with an empty 200 before anything else; node routes it to `connect` */
export function answerConnect (_req: IncomingMessage, socket: Socket): void {
  socket.on('error', () => {})
  socket.end(`HTTP/1.1 200 OK\r\nDate: ${new Date().toUTCString()}\r\nContent-Length: 0\r\n\r\n`)
}

function tcpAddress (info: AddressInfo, tls: boolean): ListenAddress {
  const v6 = isIPv6(info.address)
  const host = v6 ? `[${info.address}]` : info.address
  return {
    url: `${tls ? 'https' : 'http'}://${host}:${info.port}`,
    multiaddr: `/${v6 ? 'ip6' : 'ip4'}/${info.address}/tcp/${info.port}${tls ? '/tls/http' : ''}`
  }
}

/** Creates and starts one node:http(s) server for a listen address */
export async function bind (handler: RequestListener, options: ServerOptions & { keepAliveTimeout: number, lingerTimeout: number }, spec: string | ListenOptions): Promise<Bound> {
  const { address, mode, tls } = typeof spec === 'string' ? { address: spec, mode: undefined, tls: undefined } : spec
  const target = parseListenAddress(address)
  if (target.kind === 'tcp' && target.tls && tls === undefined) {
    throw new TypeError(`listen address ${address} needs a tls option with cert and key`)
  }
  const server: Server = tls === undefined ? createHttpServer(options, handler) : createHttpsServer({ ...options, ...tls }, handler)
  server.keepAliveTimeout = options.keepAliveTimeout
  server.on('connect', answerConnect)
  // node calls destroySoon on the socket the HTTP layer sees: the TLS socket for https
  const lingering = new Lingering(options.lingerTimeout)
  server.on(tls === undefined ? 'connection' : 'secureConnection', (socket: Socket) => { lingering.attach(socket) })
  if (target.kind === 'unix') {
    await listenUnix(server, target.path, mode)
    return { server, lingering, socketPath: target.path, address: { url: `http+unix://${encodeURIComponent(target.path)}`, multiaddr: `/unix${target.path}` } }
  }
  await listening(server, { host: target.host, port: target.port })
  return { server, lingering, address: tcpAddress(server.address() as AddressInfo, tls !== undefined) }
}
