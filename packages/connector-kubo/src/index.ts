/**
 * @packageDocumentation
 *
 * A composite-node backend over Kubo: every typed `Backend` method is forwarded to the Kubo RPC
 * API of one daemon (or of interchangeable daemons, with failover) with its options written back
 * faithfully, and Kubo's answers are passed through unchanged: the same JSON objects, the same
 * error messages, the same byte streams. Uploads and listings are streamed both ways; anything
 * without a typed method is forwarded byte for byte by `passthrough`.
 *
 * @example
 *
 * ```ts
 * import { kuboConnector } from '@composite-ipfs/connector-kubo'
 *
 * const kubo = kuboConnector({ endpoints: ['http://127.0.0.1:5001'] })
 * const { ID } = await kubo.id(undefined)
 * for await (const pin of kubo.pinLs([], { type: 'recursive' })) console.log(pin.Cid)
 * await kubo.stop()
 * ```
 */
import { KuboRpcConnector } from './kubo-connector.ts'
import type { KuboConnectorInit } from './init.ts'
import type { Backend } from '@composite-ipfs/interface'

/**
 * What {@link kuboConnector} returns: a `Backend` with every typed method implemented (none
 * optional), its lifecycle, and its endpoints as URLs without credentials
 */
export type KuboConnector = Required<Omit<Backend, 'name'>> & Pick<Backend, 'name'> & {
  readonly endpoints: readonly string[]
}

/**
 * Creates a backend that forwards to one or more Kubo RPC endpoints.
 *
 * @example
 * ```ts
 * const backend = kuboConnector({
 *   endpoints: ['http://10.0.0.1:5001', { url: 'https://10.0.0.2:5001', authorization: 'Bearer s3cret', tls: { ca } }],
 *   timeouts: { connect: 2000 }
 * })
 * const server = ipfsApiServer({ backend })
 * ```
 */
export function kuboConnector (init: KuboConnectorInit): KuboConnector {
  return new KuboRpcConnector(init)
}

export type { KuboConnectorInit } from './init.ts'
export type { Endpoint, EndpointTls, RpcTimeouts } from '@composite-ipfs/rpc-client'
