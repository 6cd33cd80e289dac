import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend, ByteStream, FileEntry } from '@composite-ipfs/interface'

/** What the suite runs against: a started backend and content its daemons hold */
export interface BackendFixture {
  backend: Backend
  /** A file of at least 1 MiB (CIDv0 or v1) that `cat` and `refs` can stream */
  big: string
}

export interface BackendTestsInit {
  /** Names the implementation in the test titles */
  name: string
  /** Starts the daemons and the backend (`start()` called) */
  setup: () => Promise<BackendFixture>
  /** Stops the backend and the daemons, even after a failure */
  teardown: (fixture: BackendFixture | undefined) => Promise<void>
}

const ABORTED = { name: 'AbortedError', code: 'ERR_ABORTED' }

/** Runs a call to its end: awaits a promise, and reads an iterable or a byte stream's body through */
async function settle (value: unknown): Promise<void> {
  const resolved = await value
  const stream = (resolved as Partial<ByteStream> | undefined)?.body ?? resolved
  if (stream !== null && typeof stream === 'object' && Symbol.asyncIterator in stream) {
    for await (const _ of stream as AsyncIterable<unknown>) { /* through */ }
  }
}

async function * oneFile (): AsyncGenerator<FileEntry> {
  yield { path: 'x.txt', type: 'file', content: (async function * () { yield new TextEncoder().encode('compliance\n') })() }
}

/** Every method a backend may have, called with `options` (entries and arguments that are valid) */
function calls (f: BackendFixture, options: { signal: AbortSignal }): Array<[string, () => unknown]> {
  const b = f.backend
  const all: Array<[keyof Backend, () => unknown]> = [
    ['id', () => b.id?.(undefined, options)],
    ['version', () => b.version?.(options)],
    ['add', () => b.add?.(oneFile(), options)],
    ['cat', () => b.cat?.([f.big], options)],
    ['get', () => b.get?.(f.big, options)],
    ['pinAdd', () => b.pinAdd?.([f.big], options)],
    ['pinRm', () => b.pinRm?.([f.big], options)],
    ['pinLs', () => b.pinLs?.([], options)],
    ['repoStat', () => b.repoStat?.(options)],
    ['blockGet', () => b.blockGet?.(f.big, options)],
    ['blockStat', () => b.blockStat?.(f.big, options)],
    ['dagGet', () => b.dagGet?.(f.big, options)],
    ['refs', () => b.refs?.([f.big], options)],
    ['swarmPeers', () => b.swarmPeers?.(options)],
    ['resolve', () => b.resolve?.(`/ipfs/${f.big}`, options)]
  ]
  return all.filter(([name]) => typeof b[name] === 'function') as Array<[string, () => unknown]>
}

/**
 * The contract every `Backend` keeps, in the manner of js-libp2p's interface compliance tests:
 * each connector runs it on real daemons from its own test file.
 *
 * @example
 * ```ts
 * backendTests({
 *   name: 'kubo connector',
 *   setup: async () => { ... return { backend, big } },
 *   teardown: async (fixture) => { await fixture?.backend.stop?.(); await kubo?.stop() }
 * })
 * ```
 */
export function backendTests (init: BackendTestsInit): void {
  describe(`${init.name}: the Backend contract`, () => {
    let f: BackendFixture | undefined
    beforeAll(async () => { f = await init.setup() })
    afterAll(async () => { await init.teardown(f) })
    const fixture = (): BackendFixture => {
      if (f === undefined) throw new Error('setup failed')
      return f
    }

    it('stops and starts again: stop twice, start twice, ClientClosedError while stopped', async () => {
      const { backend } = fixture()
      await backend.start?.() // already started: nothing changes
      const before = await backend.id!(undefined)
      await backend.stop?.()
      await backend.stop?.()
      await expect(backend.id!(undefined)).rejects.toMatchObject({ name: 'ClientClosedError', code: 'ERR_CLIENT_CLOSED' })
      await backend.start?.()
      await backend.start?.()
      expect((await backend.id!(undefined)).ID).toBe(before.ID)
    })

    it('honours a signal aborted before the call on every method: AbortedError, nothing done', async () => {
      const aborted = AbortSignal.abort()
      const outcomes: Record<string, unknown> = {}
      for (const [name, call] of calls(fixture(), { signal: aborted })) {
        outcomes[name] = await settle(call()).then(() => 'resolved', (err: Error & { code?: string }) => ({ name: err.name, code: err.code }))
      }
      expect(Object.keys(outcomes).length).toBeGreaterThan(5)
      expect(outcomes).toEqual(Object.fromEntries(Object.keys(outcomes).map((name) => [name, ABORTED])))
    })

    it('stops a stream it is reading when the signal aborts mid-stream (cat, refs)', async () => {
      const { backend, big } = fixture()
      for (const open of [
        async (signal: AbortSignal) => (await backend.cat!([big], { signal })).body,
        async (signal: AbortSignal) => backend.refs!([big], { signal, recursive: true })
      ]) {
        const controller = new AbortController()
        let chunks = 0
        const read = (async () => {
          for await (const _ of await open(controller.signal)) {
            if (++chunks === 1) controller.abort()
          }
        })()
        await expect(read).rejects.toMatchObject(ABORTED)
        expect(chunks).toBeGreaterThanOrEqual(1)
      }
    })

    it('answers with Kubo\'s error texts as UpstreamError or CommandError: pin/rm of a CID nobody pinned', async () => {
      const { backend } = fixture()
      const unpinned = 'bafkqaaa' // the empty identity CID: held by every Kubo, pinned by nobody
      await expect(backend.pinRm!([unpinned])).rejects.toSatisfy((err: Error & { code?: string }) =>
        ['UpstreamError', 'CommandError'].includes(err.name) && typeof err.code === 'string' && /not pinned or pinned indirectly/.test(err.message))
    })
  })
}
