/** A chunk this big is written as it is: copying it would cost more than the write it saves */
const LARGE_CHUNK = 16 * 1024

const IDLE = Symbol('idle')

/** Resolves once the event loop got past its pending I/O (so every queued microtask and tick ran first) */
const nextTurn = async (): Promise<typeof IDLE> => await new Promise((resolve) => { setImmediate(resolve, IDLE) })

/**
 * Joins small chunks (part headers, small files) into chunks of up to `maxBytes`, so that an
 * upload of many small files costs a few socket writes instead of two per file. Only what the
 * source has ready is joined: a chunk is held back until the buffer is full or the source has
 * to wait for I/O (the next chunk did not come before the event loop's next turn), never until
 * more data arrives. Chunks of 16 KiB and more pass through uncopied.
 */
export async function * coalesce (source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array, void, undefined> {
  const iterator = source[Symbol.asyncIterator]()
  const held: Uint8Array[] = []
  let size = 0
  let idle: Promise<typeof IDLE> | undefined
  let inFlight: Promise<IteratorResult<Uint8Array>> | undefined
  let finished = false
  const take = (): Uint8Array => {
    const out = held.length === 1 ? held[0] : Buffer.concat(held, size)
    held.length = 0
    size = 0
    idle = undefined
    return out
  }
  try {
    while (true) {
      const next = inFlight = iterator.next()
      if (size > 0) {
        idle ??= nextTurn()
        if (await Promise.race([next, idle]) === IDLE) yield take()
      }
      const result = await next
      inFlight = undefined
      if (result.done === true) break
      const chunk = result.value
      if (chunk.byteLength === 0) continue
      if (chunk.byteLength >= LARGE_CHUNK) {
        if (size > 0) yield take()
        yield chunk
        continue
      }
      if (size + chunk.byteLength > maxBytes) yield take()
      held.push(chunk)
      size += chunk.byteLength
    }
    finished = true
  } catch (err) {
    finished = true
    if (size > 0) yield take() // what was read before the failure still goes out first
    throw err
  } finally {
    if (!finished) {
      // stopped by the consumer: a pull still in flight may wait on I/O, so do not wait for it
      if (inFlight === undefined) await iterator.return?.()
      else void inFlight.then(async () => await iterator.return?.()).catch(() => {})
    }
  }
  if (size > 0) yield take()
}
