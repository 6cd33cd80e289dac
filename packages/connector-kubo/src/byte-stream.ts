import { headerValue, throwIfFailed, throwIfStreamError } from '@composite-ipfs/rpc-client'
import type { ByteStream } from '@composite-ipfs/interface'
import type { RpcResponse } from '@composite-ipfs/rpc-client'

/**
 * A Kubo byte answer (`cat`, `get`, `block/get`, `dag/get`, `dag/export`) as a `ByteStream`:
 * `length` from `X-Content-Length`, the upstream Content-Type, and the body streamed through.
 * A failure after the first byte arrives as the `X-Stream-Error` trailer and is thrown by the
 * body's iterator once the bytes ran out, so the server can pass it on.
 */
export async function byteStream (res: RpcResponse): Promise<ByteStream> {
  await throwIfFailed(res)
  const length = headerValue(res.headers, 'x-content-length')
  const contentType = headerValue(res.headers, 'content-type')
  async function * body (): AsyncGenerator<Uint8Array, void, undefined> {
    yield * res.body
    await throwIfStreamError(res)
  }
  return {
    ...(length !== undefined && /^\d+$/.test(length) ? { length: BigInt(length) } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
    body: body()
  }
}
