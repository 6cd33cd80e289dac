import { describe, expect, it } from 'vitest'
import { judgePin } from '../../src/pin-verdict.ts'
import type { ClusterPin, GlobalPinInfo } from '../../src/rest-types.ts'

const everywhere: ClusterPin = { cid: 'bafy1', replication_factor_min: -1, replication_factor_max: -1, allocations: [] }
const replicated: ClusterPin = { cid: 'bafy1', replication_factor_min: 1, replication_factor_max: 2, allocations: ['A', 'B'] }

function info (statuses: Record<string, string>, allocations: string[] = []): GlobalPinInfo {
  return { cid: 'bafy1', allocations, peer_map: Object.fromEntries(Object.entries(statuses).map(([id, status]) => [id, { status, peername: `n-${id}` }])) }
}

describe('judgePin', () => {
  it('an everywhere pin waits for every live peer', () => {
    expect(judgePin(everywhere, info({ A: 'pinned', B: 'pinning' }), 'replication-min')).toMatchObject({ state: 'pending', pinned: 1, needed: 2 })
    expect(judgePin(everywhere, info({ A: 'pinned', B: 'pinned' }), 'replication-min')).toMatchObject({ state: 'pinned', needed: 2 })
  })

  it('an everywhere pin leaves out unreachable and dead peers', () => {
    expect(judgePin(everywhere, info({ A: 'pinned', B: 'cluster_error' }), 'replication-min')).toMatchObject({ state: 'pinned', needed: 1 })
    expect(judgePin(everywhere, info({ A: 'pinned', B: 'pinning' }), 'replication-min', new Set(['B']))).toMatchObject({ state: 'pinned', needed: 1 })
  })

  it('a replicated pin needs replication_factor_min allocated peers', () => {
    expect(judgePin(replicated, info({ A: 'pinned', B: 'pinning', C: 'remote' }, ['A', 'B']), 'replication-min')).toMatchObject({ state: 'pinned', needed: 1 })
    expect(judgePin(replicated, info({ A: 'pinned', B: 'pinning', C: 'remote' }, ['A', 'B']), 'all')).toMatchObject({ state: 'pending', needed: 2 })
    expect(judgePin(replicated, info({ A: 'pinned', B: 'pinning' }, ['A', 'B']), 2)).toMatchObject({ state: 'pending', needed: 2 })
  })

  it('fails when the peers that can still pin are too few', () => {
    expect(judgePin(replicated, info({ A: 'pin_error', B: 'pin_error' }, ['A', 'B']), 'replication-min')).toMatchObject({ state: 'failed' })
    expect(judgePin(replicated, info({ A: 'pin_error', B: 'pinning' }, ['A', 'B']), 'replication-min')).toMatchObject({ state: 'pending' })
    expect(judgePin(everywhere, info({ A: 'pinned', B: 'pin_error' }), 'replication-min')).toMatchObject({ state: 'failed' })
    expect(judgePin(everywhere, info({ A: 'pinned' }), 3)).toMatchObject({ state: 'failed', needed: 3 })
  })

  it('describes every peer for error messages', () => {
    const verdict = judgePin(replicated, { cid: 'bafy1', peer_map: { A: { status: 'pin_error', error: 'context deadline exceeded', peername: 'p0' } } }, 'replication-min')
    expect(verdict.peers).toEqual(['p0 (A): pin_error: context deadline exceeded'])
  })
})
