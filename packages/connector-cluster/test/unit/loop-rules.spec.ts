import { describe, expect, it } from 'vitest'
import { isLoopMarker, loopMarker } from '../../src/loop/marker.ts'
import { depthMessage, inceptionMessage, markersBelow, peersAttachedTo, reentryMessage } from '../../src/loop/rules.ts'
import { outboundTrail, readTrail, trailQuery } from '../../src/loop/trail.ts'
import type { ClusterPeerId } from '../../src/rest-types.ts'

describe('the trail recorded on pins', () => {
  it('is the request chain with this node last, and at least one hop per node', () => {
    // loopGuard already appended this node and counted its hop
    expect(outboundTrail('x', { via: ['a', 'x'], hops: 2 })).toEqual({ via: ['a', 'x'], hops: 2 })
    // without loopGuard: this node is appended and counted
    expect(outboundTrail('x')).toEqual({ via: ['x'], hops: 1 })
    expect(outboundTrail('x', { via: ['a'], hops: 1 })).toEqual({ via: ['a', 'x'], hops: 2 })
    expect(outboundTrail('x', { hops: 5 })).toEqual({ via: ['x'], hops: 6 })
    expect(outboundTrail('x', { via: ['a', 'b', 'x'], hops: 0 })).toEqual({ via: ['a', 'b', 'x'], hops: 3 })
  })

  it('travels as meta-composite-via / meta-composite-hops and reads back', () => {
    const query = trailQuery({ via: ['a', 'x'], hops: 2 })
    expect(query).toEqual({ 'meta-composite-via': 'a,x', 'meta-composite-hops': '2' })
    expect(readTrail({ 'composite-via': 'a,x', 'composite-hops': '2', other: 'y' })).toEqual({ via: ['a', 'x'], hops: 2 })
    expect(readTrail({ 'composite-via': 'a, x', 'composite-hops': 'junk' })).toEqual({ via: ['a', 'x'], hops: 2 })
    expect(readTrail({})).toBeUndefined()
    expect(readTrail(null)).toBeUndefined()
  })
})

describe('rule (a): re-entry', () => {
  const base = { cid: 'bafyc', nodeId: 'x', label: 'http://uc:9094', request: { via: ['x'], hops: 1 } }

  it('suspects a pin that comes back while this node still pins it, and its undercluster pin names this node (a peer check then decides)', () => {
    const message = reentryMessage({ ...base, pinning: true, recorded: { via: ['o', 'x'], hops: 2 } })
    expect(message).toBe('pin bafyc came back to x while it is still pinning it in undercluster http://uc:9094 ' +
      '(undercluster pin chain: o -> x; this request: x)')
  })

  it('lets a re-pin through when nothing is in flight: the overcluster retrying after a failure or a restart', () => {
    expect(reentryMessage({ ...base, pinning: false, recorded: { via: ['x'], hops: 1 } })).toBeUndefined()
  })

  it('lets a concurrent pin through when the undercluster pin is not this node\'s (a user\'s, or another node\'s)', () => {
    expect(reentryMessage({ ...base, pinning: true, recorded: undefined })).toBeUndefined()
    expect(reentryMessage({ ...base, pinning: true, recorded: { via: ['y'], hops: 1 } })).toBeUndefined()
  })
})

describe('rule (a): depth', () => {
  it('refuses to write a pin deeper than maxDepth', () => {
    expect(depthMessage('pin bafyc', { via: ['a', 'x'], hops: 2 }, 'x', 2)).toBeUndefined()
    expect(depthMessage('pin bafyc', { via: ['a', 'b', 'x'], hops: 3 }, 'x', 2))
      .toBe('composition loop detected: pin bafyc went through 3 composite nodes, maxDepth 2 at x (chain: a -> b -> x)')
  })
})

describe('rule (b): inception', () => {
  it('the marker is a never-resolving DNS peer address (one label under .invalid) per node ID', () => {
    const marker = loopMarker('node-a')
    expect(marker).toMatch(/^\/dns\/composite-ipfs-node-[0-9a-f]{32}\.invalid\/tcp\/4001$/)
    expect(loopMarker('node-a')).toBe(marker)
    expect(loopMarker('node-b')).not.toBe(marker)
    expect(isLoopMarker(marker)).toBe(true)
    expect(isLoopMarker('/ip4/127.0.0.1/tcp/4001')).toBe(false)
    expect(isLoopMarker('/dns/composite-ipfs-node-1.example.com/tcp/4001')).toBe(false)
    // the marker of earlier releases, still met in an undercluster being upgraded
    expect(isLoopMarker('/unix/composite-ipfs-node-6c1c5e0b0b8b6b5a9d3f6f1a2e4c7d90')).toBe(true)
  })

  it('finds the undercluster peers whose daemon answered with this node\'s marker', () => {
    const marker = loopMarker('x')
    const peers: ClusterPeerId[] = [
      { id: 'P1', peername: 'p1', ipfs: { id: '12D3KooWK', addresses: ['/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWK', marker] } },
      // the same Kubo identity, without the marker: a real Kubo (multi-ring), not us
      { id: 'P2', peername: 'p2', ipfs: { id: '12D3KooWK', addresses: ['/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWK'] } },
      { id: 'P3', ipfs: { id: '12D3KooWL', addresses: [loopMarker('y')] } },
      { id: 'P4', error: 'dial backoff' }
    ]
    expect(peersAttachedTo(peers, marker).map(p => p.id)).toEqual(['P1'])
  })

  it('passes the markers found below up through the node\'s id, so that a cycle of any length is seen', () => {
    const own = loopMarker('x')
    const peers: ClusterPeerId[] = [
      // this peer's daemon is composite node y, whose own undercluster's peers use x
      { id: 'P1', peername: 'p1', ipfs: { id: 'KY', addresses: ['/ip4/127.0.0.1/tcp/4001/p2p/KY', loopMarker('y'), own] } },
      { id: 'P2', peername: 'p2', ipfs: { id: 'KX', addresses: [own, loopMarker('z')] } }
    ]
    expect(markersBelow(peers, own, isLoopMarker).sort()).toEqual([loopMarker('y'), loopMarker('z')].sort())
    expect(inceptionMessage(peersAttachedTo(peers, own), 'x', 'http://u:9094', 'pin/ls', 'KX')).toBe('composition loop detected: ' +
      'undercluster http://u:9094 peer p2 (P2) uses this composite node (x) as its IPFS daemon (inception); ' +
      'undercluster http://u:9094 peer p1 (P1) leads back to this composite node (x) through the composite nodes below it (a composition cycle): refusing pin/ls')
  })
})
