import { createCipheriv, randomBytes } from 'node:crypto'

const CHUNK = 1024 * 1024
const ZEROS = new Uint8Array(CHUNK)

/**
 * `size` pseudo-random bytes, generated as they are read and never stored: the AES-128-CTR
 * keystream under a fresh random key (several GB/s with AES-NI), so every call yields
 * different content and no two adds share blocks.
 *
 * @example
 * ```ts
 * for await (const chunk of randomStream(1024 ** 3)) hash.update(chunk)
 * ```
 */
export async function * randomStream (size: number, chunkSize = CHUNK): AsyncGenerator<Uint8Array, void, undefined> {
  const cipher = createCipheriv('aes-128-ctr', randomBytes(16), randomBytes(16))
  const zeros = chunkSize === CHUNK ? ZEROS : new Uint8Array(chunkSize)
  let left = size
  while (left > 0) {
    const n = Math.min(chunkSize, left)
    yield cipher.update(n === zeros.byteLength ? zeros : zeros.subarray(0, n))
    left -= n
  }
}
