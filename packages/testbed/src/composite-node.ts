import { fetchJson } from './http-json.ts'
import { rpcUrl } from './kubo.ts'
import type { Backend, Middleware } from '@composite-ipfs/interface'
import type { IpfsApiServer, IpfsApiServerInit, ListenAddress, ListenOptions } from '@composite-ipfs/server'

export type { ListenAddress }

export interface CompositeNodeInit {
  /** What answers the Kubo RPC commands */
  backend: Backend
  /**
   * Middleware run before every command, outermost first.
   *
   * @default []
   */
  middleware?: Middleware[]
  /**
   * Addresses to listen on: multiaddrs (`/ip4/127.0.0.1/tcp/0`, `/unix/<path>`), URLs, or
   * the server's `ListenOptions` (TLS, socket mode).
   *
   * @default ['/ip4/127.0.0.1/tcp/0']
   */
  listen?: Array<string | ListenOptions>
  /**
   * Other `ipfsApiServer` options (e.g. `serverHeader`, `closeTimeout`), passed through.
   *
   * @default {}
   */
  server?: Omit<IpfsApiServerInit, 'backend' | 'middleware'>
  /**
   * Call `backend.stop()` from `node.stop()`: the node owns the backend it was given.
   *
   * @default true
   */
  stopBackend?: boolean
}

/** A composite node: an `ipfsApiServer` in this process, listening on loopback */
export interface CompositeNode {
  /** The first listen address as an `http://` URL (what `rpcClient` and `kubo-rpc-client` take) */
  readonly url: string
  /** The first listen address as a multiaddr (what ipfs-cluster's `node_multiaddress` and `ipfs --api` take) */
  readonly multiaddr: string
  /** Every listen address */
  readonly addresses: ListenAddress[]
  readonly backend: Backend
  /** The server itself, e.g. for `inject()` */
  readonly server: IpfsApiServer
  /** Calls a command on the node over HTTP (POST `/api/v0/<command>`) and parses its JSON answer */
  rpc<T = unknown>(command: string, query?: Record<string, string | string[]>): Promise<T>
  /** Closes the server (draining requests), then stops the backend unless `stopBackend: false`. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * Starts a composite node in this process: `ipfsApiServer` from `@composite-ipfs/server` in
 * front of `backend`, listening on a free loopback port.
 *
 * @example
 *
 * ```ts
 * import { kuboConnector } from '@composite-ipfs/connector-kubo'
 * import { compositeNode, startKubo } from '@composite-ipfs/testbed'
 *
 * const kubo = await startKubo()
 * const node = await compositeNode({ backend: kuboConnector({ endpoints: [kubo.apiUrl] }) })
 * console.log(node.url, node.multiaddr)
 * await node.stop()
 * ```
 */
export async function compositeNode (init: CompositeNodeInit): Promise<CompositeNode> {
  // imported on use, so the rest of the testbed loads without the server package
  const { ipfsApiServer } = await import('@composite-ipfs/server')
  const server = ipfsApiServer({ ...init.server, backend: init.backend, middleware: init.middleware ?? [] })
  const addresses = await server.listen(init.listen ?? ['/ip4/127.0.0.1/tcp/0'])
  const [first] = addresses
  let stopping: Promise<void> | undefined
  return {
    url: first.url,
    multiaddr: first.multiaddr,
    addresses,
    backend: init.backend,
    server,
    rpc: async (command, query) => await fetchJson(rpcUrl(first.url, command, query), { method: 'POST' }),
    async stop () {
      stopping ??= (async () => {
        await server.close()
        if (init.stopBackend !== false) await init.backend.stop?.()
      })()
      await stopping
    }
  }
}
