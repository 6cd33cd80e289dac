import { deepMerge } from './deep-merge.ts'
import type { ClusterPeerOptions } from './cluster-options.ts'

export interface ServiceConfigInit extends ClusterPeerOptions {
  secret: string
  peername: string
  ipfsMultiaddr: string
  peerAddresses: string[]
  connectSwarmsDelay: string
}

const LOOPBACK_ANY_PORT = '/ip4/127.0.0.1/tcp/0'

/**
 * Rewrites the `service.json` that `ipfs-cluster-service init --consensus crdt` generated
 * (keys checked against v1.1.6's output) for a loopback test peer. Every listener uses port 0:
 * the daemon logs the ports it got, so there is no race for free ports.
 */
export function testServiceConfig (generated: Record<string, any>, init: ServiceConfigInit): Record<string, any> {
  const config = structuredClone(generated)
  const informerTtl = { metric_ttl: init.metricTtl ?? '5s' }
  deepMerge(config, {
    cluster: {
      peername: init.peername,
      secret: init.secret,
      // the generated default also listens on QUIC on 0.0.0.0
      listen_multiaddress: [LOOPBACK_ANY_PORT],
      peer_addresses: init.peerAddresses,
      mdns_interval: '0s',
      replication_factor_min: init.replicationMin ?? -1,
      replication_factor_max: init.replicationMax ?? -1,
      monitor_ping_interval: init.monitorInterval ?? '2s'
    },
    consensus: { crdt: { trusted_peers: ['*'] } },
    api: {
      // an API component runs only when its section exists
      pinsvcapi: undefined,
      ipfsproxy: init.proxy === true
        ? { listen_multiaddress: LOOPBACK_ANY_PORT, node_multiaddress: init.ipfsMultiaddr }
        : undefined,
      restapi: {
        http_listen_multiaddress: LOOPBACK_ANY_PORT,
        basic_auth_credentials: init.restBasicAuth ?? null,
        // keys of api/common/config.go (v1.1.6); relative paths would be read from the config folder
        ssl_cert_file: init.restTls?.certFile,
        ssl_key_file: init.restTls?.keyFile
      }
    },
    ipfs_connector: {
      ipfshttp: {
        node_multiaddress: init.ipfsMultiaddr,
        connect_swarms_delay: init.connectSwarmsDelay,
        pin_timeout: init.pinTimeout ?? '2m0s',
        unpin_timeout: init.unpinTimeout ?? '3h0m0s',
        ipfs_request_timeout: init.ipfsRequestTimeout ?? '5m0s'
      }
    },
    monitor: { pubsubmon: { check_interval: init.monitorInterval ?? '2s' } },
    informer: { disk: informerTtl, pinqueue: informerTtl, tags: informerTtl }
  })
  return deepMerge(config, init.serviceConfig ?? {})
}
