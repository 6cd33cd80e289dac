import { kuboConnector } from '@composite-ipfs/connector-kubo'
import { headerPolicy } from '@composite-ipfs/header-policy'
import { compositeNode, startKubo } from '@composite-ipfs/testbed'
import { create } from 'kubo-rpc-client'
import { normalise } from './normalise.ts'
import type { KuboDaemon, CompositeNode } from '@composite-ipfs/testbed'
import type { KuboRPCClient } from 'kubo-rpc-client'

export interface KuboPairInit {
  /**
   * `Datastore.StorageMax` of the Kubo; `''` means unlimited (repo/stat answers 2^64-1)
   *
   * @default ''
   */
  storageMax?: string
}

/** A real Kubo and a composite node (Kubo connector + header policy) in front of it */
export interface KuboPair {
  kubo: KuboDaemon
  node: CompositeNode
  direct: KuboRPCClient
  composite: KuboRPCClient
  /** Runs `fn` against Kubo, then against the composite node, and normalises both results */
  both: <T>(fn: (client: KuboRPCClient) => Promise<T> | AsyncIterable<T> | T) => Promise<[unknown, unknown]>
  stop: () => Promise<void>
}

export async function kuboPair (init: KuboPairInit = {}): Promise<KuboPair> {
  const kubo = await startKubo({ storageMax: init.storageMax ?? '' })
  try {
    const backend = kuboConnector({ endpoints: [kubo.apiUrl] })
    const node = await compositeNode({ backend, middleware: [headerPolicy()] })
    const direct = create({ url: kubo.apiUrl })
    const composite = create({ url: node.url })
    const run = async (client: KuboRPCClient, fn: (client: KuboRPCClient) => unknown): Promise<unknown> =>
      normalise(await fn(client))
    return {
      kubo,
      node,
      direct,
      composite,
      both: async (fn) => [await run(direct, fn), await run(composite, fn)],
      stop: async () => {
        await node.stop()
        await backend.stop?.()
        await kubo.stop()
      }
    }
  } catch (err) {
    await kubo.stop()
    throw err
  }
}
