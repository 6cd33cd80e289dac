import { NotSupportedError } from '@composite-ipfs/interface'
import { release } from '../write/race.ts'
import type { CommandCall } from '../request/parse.ts'
import type { Backend, ByteStream, CallOptions } from '@composite-ipfs/interface'

/** A parsed call, with the options object the backend receives */
export interface HandlerCall extends CommandCall {
  options: Record<string, unknown> & CallOptions
}

/** What a handler produced, in one of Kubo's three response kinds */
export type Output =
  | { kind: 'single', value: unknown }
  | { kind: 'stream', values: AsyncIterable<unknown> }
  | { kind: 'bytes', stream: ByteStream, contentType: string }

export type Handler = (backend: Backend, call: HandlerCall) => Promise<Output>

type Method<K extends keyof Backend> = NonNullable<Backend[K]>

/** The backend method bound to its backend, or a NotSupportedError when it has none */
export function method<K extends keyof Backend> (backend: Backend, name: K): Method<K> {
  const fn = backend[name]
  if (typeof fn !== 'function') {
    throw new NotSupportedError()
  }
  return (fn as (...args: unknown[]) => unknown).bind(backend) as Method<K>
}

export const single = (value: unknown): Output => ({ kind: 'single', value })
export const stream = (values: AsyncIterable<unknown>): Output => ({ kind: 'stream', values })
export const bytes = (body: ByteStream, contentType: string): Output => ({ kind: 'bytes', stream: body, contentType })

/** A field of a Kubo output struct: its name, whether it is `omitempty`, and its zero value */
export type Field = readonly [name: string, omitEmpty: boolean, zero?: unknown]

/**
 * Builds an object with Kubo's field order: listed fields first (dropped when `omitEmpty` and the
 * value is empty, as Go's `omitempty` does), then any extra fields the backend added.
 */
export function shape (source: object, fields: ReadonlyArray<Field>): Record<string, unknown> {
  return shaper(fields)(source)
}

/** {@link shape} for a fixed field list, prepared once: streams shape every value with it */
export function shaper (fields: ReadonlyArray<Field>): (source: object) => Record<string, unknown> {
  const names = new Set(fields.map(([name]) => name))
  return function shaped (source) {
    const input = source as Record<string, unknown>
    const output: Record<string, unknown> = {}
    for (let i = 0; i < fields.length; i++) {
      const [key, omitEmpty, zero = null] = fields[i]
      const value = input[key]
      if (omitEmpty && isEmpty(value)) {
        continue
      }
      output[key] = value ?? zero
    }
    for (const key of Object.keys(input)) {
      // `in` as well: a key such as `constructor` is never copied (nor was it before)
      if (!names.has(key) && !(key in output)) {
        output[key] = input[key]
      }
    }
    return output
  }
}

function isEmpty (value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === 0 || value === 0n || value === false ||
    (Array.isArray(value) && value.length === 0)
}

/**
 * Maps each value of a stream (`undefined` drops it); the source is returned when the consumer
 * stops early or the map throws. A plain iterator rather than an async generator: no extra
 * promise hops per value on the hot path of big listings.
 */
export function mapStream<T> (source: AsyncIterable<T>, map: (value: T) => unknown | undefined): AsyncIterable<unknown> {
  return {
    [Symbol.asyncIterator] (): AsyncIterator<unknown, void, undefined> {
      const iterator = source[Symbol.asyncIterator]()
      const step = (result: IteratorResult<T>): IteratorResult<unknown, void> | Promise<IteratorResult<unknown, void>> => {
        if (result.done === true) {
          return { value: undefined, done: true }
        }
        let mapped: unknown
        try {
          mapped = map(result.value)
        } catch (err) {
          release(iterator)
          throw err
        }
        return mapped === undefined ? iterator.next().then(step) : { value: mapped, done: false }
      }
      return {
        next: () => iterator.next().then(step),
        return: async () => {
          await iterator.return?.()
          return { value: undefined, done: true }
        }
      }
    }
  }
}

/**
 * Reads a whole stream for a single answer, giving up (and returning the iterator) as soon as
 * the call's signal aborts, even when the backend ignores it. One abort listener for the whole
 * stream (not one per value: a big pin list is read here).
 */
export async function drainEach<T> (source: AsyncIterable<T>, signal: AbortSignal | undefined, each: (value: T) => void): Promise<void> {
  const iterator = source[Symbol.asyncIterator]()
  // each step waits on one promise that the value or the abort settles: a Promise.race per
  // value would cost more, and leave one reaction per value on a never-settled abort promise
  let aborted = false
  let rejectStep: ((reason: unknown) => void) | undefined
  const onAbort = (): void => {
    aborted = true
    rejectStep?.(signal?.reason)
  }
  try {
    if (signal?.aborted === true) {
      throw signal.reason
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    while (true) {
      const pending = iterator.next()
      let next: IteratorResult<T>
      if (signal === undefined) {
        next = await pending
      } else {
        if (aborted) {
          pending.catch(() => {})
          throw signal.reason
        }
        next = await new Promise<IteratorResult<T>>((resolve, reject) => {
          rejectStep = reject
          // once aborted, a late rejection of `pending` lands on a settled promise: never unhandled
          pending.then(resolve, reject)
        })
        rejectStep = undefined
      }
      if (next.done === true) {
        return
      }
      each(next.value)
    }
  } catch (err) {
    release(iterator)
    throw err
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
}
