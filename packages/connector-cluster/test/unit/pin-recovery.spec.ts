import { describe, expect, it } from 'vitest'
import { PinRecovery } from '../../src/pin-recovery.ts'
import type { ClusterContext } from '../../src/context.ts'
import type { PinVerdict } from '../../src/pin-verdict.ts'
import { memoryLogger } from '@composite-ipfs/testbed'

const CID = 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o'
const failed: PinVerdict = { state: 'failed', pinned: 0, needed: 1, peers: ['uc-0 (12D3)'], failed: ['uc-0 (12D3): pin_error: context canceled'] }

function context (recoveries: number, fail = false): { ctx: ClusterContext, calls: string[], logs: () => string[] } {
  const calls: string[] = []
  const logger = memoryLogger()
  const logs = logger.messages
  const rest = {
    json: async (method: string, path: string) => {
      calls.push(`${method} ${path}`)
      if (fail) throw new Error('the peer is busy')
      return {}
    }
  }
  const ctx = { rest, label: 'http://uc:9094', wait: { recoveries }, logger } as unknown as ClusterContext
  return { ctx, calls, logs }
}

describe('PinRecovery', () => {
  const signal = new AbortController().signal

  it('recovers a failed pin at most `recoveries` times, the wait going on meanwhile; the peers\' reasons are logged', async () => {
    const { ctx, calls, logs } = context(2)
    const recovery = new PinRecovery(ctx, CID)
    expect((await recovery.heal(failed, signal)).state).toBe('pending')
    expect((await recovery.heal(failed, signal)).state).toBe('pending')
    expect((await recovery.heal(failed, signal)).state).toBe('failed')
    expect(calls).toEqual([`POST /pins/${CID}/recover`, `POST /pins/${CID}/recover`])
    expect(logs()[0]).toContain('uc-0 (12D3): pin_error: context canceled')
    expect(logs()[1]).toContain('0 recoveries left')
  })

  it('leaves pins alone that nobody failed, or that are pinned, and never recovers with 0', async () => {
    const { ctx, calls } = context(3)
    const recovery = new PinRecovery(ctx, CID)
    const pending: PinVerdict = { ...failed, state: 'pending', failed: [] }
    expect(await recovery.heal(pending, signal)).toBe(pending)
    expect((await recovery.heal({ ...failed, state: 'pinned' }, signal)).state).toBe('pinned')
    expect(calls).toEqual([])
    const off = context(0)
    expect((await new PinRecovery(off.ctx, CID).heal(failed, signal)).state).toBe('failed')
    expect(off.calls).toEqual([])
  })

  it('a recover the undercluster refuses is logged, and the verdict stands', async () => {
    const { ctx, logs } = context(1, true)
    expect((await new PinRecovery(ctx, CID).heal(failed, signal)).state).toBe('failed')
    expect(logs().at(-1)).toMatch(/recover of .* failed: the peer is busy/)
  })
})
