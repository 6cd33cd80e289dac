import { encodeMultipart, toQuery } from '@composite-ipfs/rpc-client'
import { byteStream } from './byte-stream.ts'
import type { ByteStream, CallOptions, CommandSpec, FileEntry } from '@composite-ipfs/interface'
import type { KuboCallOptions, RpcClient } from '@composite-ipfs/rpc-client'

/** Largest write of joined part headers and small contents (a socket read is at most 64 KiB too) */
const UPLOAD_BATCH_BYTES = 64 * 1024

/**
 * What a call carries down besides its arguments: the loop-protection trail (`X-Composite-Via`,
 * `X-Composite-Hops`), the request ID (`X-Request-Id`) and the request's trace
 */
export function carriedOf (options: CallOptions): Pick<CallOptions, 'via' | 'hops' | 'requestId' | 'trace'> {
  return { via: options.via, hops: options.hops, requestId: options.requestId, trace: options.trace }
}

/**
 * The four shapes of a Kubo call, each from a command spec, positional args and typed
 * options (written back to the wire by `toQuery`): one JSON value, NDJSON values, a
 * multipart upload answered with NDJSON, and a byte stream.
 */
export class KuboCalls {
  readonly #client: () => RpcClient

  /** @param client - the current rpc client (throws once the connector is stopped) */
  constructor (client: () => RpcClient) {
    this.#client = client
  }

  #options (spec: CommandSpec, args: readonly string[], options: CallOptions, extra: Partial<KuboCallOptions>): KuboCallOptions {
    return { query: toQuery(spec, args, options), signal: options.signal, ...carriedOf(options), ...extra }
  }

  async json<R> (spec: CommandSpec, args: readonly string[], options: CallOptions = {}, extra: Partial<KuboCallOptions> = {}): Promise<R> {
    return this.#client().kuboJson<R>(spec.path, this.#options(spec, args, options, extra))
  }

  /** Lazy: nothing is sent (and a stopped connector does not throw) until the first value is pulled */
  async * lines<R> (spec: CommandSpec, args: readonly string[], options: CallOptions = {}, extra: Partial<KuboCallOptions> = {}): AsyncGenerator<R, void, undefined> {
    yield * this.#client().kuboNdjson<R>(spec.path, this.#options(spec, args, options, extra))
  }

  /**
   * A multipart upload (add, block/put, dag/put) piped as the request body; part headers and
   * small files that are ready together go out in one write (a directory of small files would
   * otherwise cost two socket writes per file)
   */
  upload<R> (spec: CommandSpec, entries: AsyncIterable<FileEntry>, options: CallOptions = {}): AsyncGenerator<R, void, undefined> {
    const { contentType, body } = encodeMultipart(entries, { batchBytes: UPLOAD_BATCH_BYTES })
    return this.lines<R>(spec, [], options, { body, headers: { 'content-type': contentType } })
  }

  async bytes (spec: CommandSpec, args: readonly string[], options: CallOptions = {}): Promise<ByteStream> {
    const res = await this.#client().request({ path: `/api/v0/${spec.path}`, query: toQuery(spec, args, options), signal: options.signal, ...carriedOf(options) })
    return byteStream(res)
  }
}
