import { NotSupportedError } from '@composite-ipfs/interface'
import { raceSignal, release } from '../write/race.ts'
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
  const input = source as Record<string, unknown>
  const output: Record<string, unknown> = {}
  for (const [key, omitEmpty, zero = null] of fields) {
    const value = input[key]
    if (omitEmpty && isEmpty(value)) {
      continue
    }
    output[key] = value ?? zero
  }
  for (const [key, value] of Object.entries(input)) {
    if (!(key in output) && !fields.some(([field]) => field === key)) {
      output[key] = value
    }
  }
  return output
}

function isEmpty (value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === 0 || value === 0n || value === false ||
    (Array.isArray(value) && value.length === 0)
}

/** Maps each value of a stream; the source is returned when the consumer stops early */
export async function * mapStream<T> (source: AsyncIterable<T>, map: (value: T) => unknown | undefined): AsyncGenerator<unknown, void, undefined> {
  for await (const value of source) {
    const mapped = map(value)
    if (mapped !== undefined) {
      yield mapped
    }
  }
}

/**
 * Reads a whole stream for a single answer, giving up (and returning the iterator) as soon as
 * the call's signal aborts, even when the backend ignores it.
 */
export async function drainEach<T> (source: AsyncIterable<T>, signal: AbortSignal | undefined, each: (value: T) => void): Promise<void> {
  const iterator = source[Symbol.asyncIterator]()
  try {
    while (true) {
      const next = signal === undefined ? await iterator.next() : await raceSignal(iterator.next(), signal)
      if (next.done === true) {
        return
      }
      each(next.value)
    }
  } catch (err) {
    release(iterator)
    throw err
  }
}
