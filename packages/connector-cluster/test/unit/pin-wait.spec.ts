import { describe, expect, it } from 'vitest'
import { pollPin } from '../../src/pin-wait.ts'
import type { PinVerdict } from '../../src/pin-verdict.ts'
import type { WaitOutcome } from '../../src/pin-wait.ts'

const timing = { timeout: 2_000, pollInterval: 20, maxPollInterval: 50, progressInterval: 100 }
const verdict = (state: PinVerdict['state']): PinVerdict => ({ state, pinned: 0, needed: 1, peers: [], failed: [] })

async function run (gen: AsyncGenerator<void, WaitOutcome>): Promise<{ ticks: number, outcome: WaitOutcome }> {
  let ticks = 0
  while (true) {
    const step = await gen.next()
    if (step.done === true) return { ticks, outcome: step.value }
    ticks++
  }
}

describe('pollPin', () => {
  it('returns once a poll says pinned', async () => {
    let polls = 0
    const { outcome } = await run(pollPin(async () => ++polls < 3 ? verdict('pending') : verdict('pinned'), timing))
    expect(outcome.state).toBe('pinned')
    expect(polls).toBe(3)
  })

  it('ticks while a poll hangs, and times out', async () => {
    const started = Date.now()
    const { ticks, outcome } = await run(pollPin(async (signal) => await new Promise<PinVerdict>((_resolve, reject) => {
      signal.addEventListener('abort', () => { reject(new Error('aborted')) })
    }), { ...timing, timeout: 550 }))
    expect(outcome.state).toBe('timeout')
    expect(ticks).toBeGreaterThanOrEqual(4)
    expect(Date.now() - started).toBeLessThan(1_500)
  })

  it('needs two failed verdicts in a row', async () => {
    const answers = ['failed', 'pending', 'failed', 'failed'] as const
    let i = 0
    const { outcome } = await run(pollPin(async () => verdict(answers[i++] ?? 'pending'), timing))
    expect(outcome.state).toBe('failed')
    expect(i).toBe(4)
  })

  it('retries poll errors until the deadline and reports the last one', async () => {
    const { outcome } = await run(pollPin(async () => { throw new Error('endpoint down') }, { ...timing, timeout: 300 }))
    expect(outcome).toMatchObject({ state: 'timeout', error: { message: 'endpoint down' } })
  })

  it('throws AbortedError when the caller aborts', async () => {
    const controller = new AbortController()
    setTimeout(() => { controller.abort() }, 100)
    await expect(run(pollPin(async () => verdict('pending'), timing, controller.signal))).rejects.toMatchObject({ code: 'ERR_ABORTED' })
  })
})
