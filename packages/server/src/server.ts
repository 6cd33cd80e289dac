import { setMaxListeners } from 'node:events'
import { createServer } from 'node:http'
import { CommandNotFoundError } from '@composite-ipfs/interface'
import { compose } from './compose.ts'
import { createContext } from './context.ts'
import { kuboRpcCore } from './core.ts'
import { exchangeOf } from './exchange.ts'
import { inject } from './inject.ts'
import { answerConnect, bind, release } from './listen/listen.ts'
import { stopListening } from './listen/listening.ts'
import { drainUnread } from './request/drain.ts'
import { writeError } from './write/error.ts'
import type { Bound } from './listen/listen.ts'
import type { InjectRequest, InjectResponse, IpfsApiServer, IpfsApiServerInit, ListenAddress, ListenOptions } from './types.ts'
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http'
import type { RequestContext } from '@composite-ipfs/interface'

const DEFAULTS = {
  serverHeader: 'kubo/0.42.0',
  maxBodySize: 8 * 1024 * 1024,
  maxHeaderSize: 1024 * 1024,
  headersTimeout: 60_000,
  requestTimeout: 0,
  keepAliveTimeout: 5_000,
  closeTimeout: 10_000,
  lingerTimeout: 30_000,
  maxPathLength: 4096,
  maxPathDepth: 256
}

const settle = async (promises: Iterable<Promise<void>>): Promise<void> => { await Promise.allSettled(promises) }
const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms).unref()) }

class KuboRpcServer implements IpfsApiServer {
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void
  private readonly init: IpfsApiServerInit & typeof DEFAULTS
  private readonly chain: ReturnType<typeof compose>
  private readonly bound: Bound[] = []
  private readonly inflight = new Set<Promise<void>>()
  private readonly closing = new AbortController()
  private injectServer: Server | undefined

  constructor (init: IpfsApiServerInit) {
    // every in-flight request listens on the closing signal: many at once is normal, not a leak
    setMaxListeners(0, this.closing.signal)
    this.init = { ...DEFAULTS, ...Object.fromEntries(Object.entries(init).filter(([, value]) => value !== undefined)) } as IpfsApiServerInit & typeof DEFAULTS
    this.chain = compose([...(init.middleware ?? []), kuboRpcCore({
      maxBodySize: this.init.maxBodySize,
      rejectPathTraversal: this.init.rejectPathTraversal ?? false,
      maxPathLength: this.init.maxPathLength,
      maxPathDepth: this.init.maxPathDepth,
      abortStreamOnError: this.init.abortStreamOnError ?? false,
      callOptions: this.init.callOptions,
      forwardAdmin: this.init.forwardAdmin ?? [],
      onShutdown: this.init.onShutdown
    })], (err, ctx) => { this.answerError(ctx, err) })
    this.handler = (req, res) => {
      const done = this.handle(req, res)
      this.inflight.add(done)
      void done.finally(() => this.inflight.delete(done))
    }
  }

  get addresses (): ListenAddress[] {
    return this.bound.map((bound) => bound.address)
  }

  private get serverOptions (): ServerOptions & { keepAliveTimeout: number, lingerTimeout: number } {
    const { maxHeaderSize, headersTimeout, requestTimeout, keepAliveTimeout, lingerTimeout } = this.init
    // node only checks these timeouts every connectionsCheckingInterval (30 s by default), so a
    // slow-loris client dribbling header bytes would hold its socket up to 30 s past the limit
    const connectionsCheckingInterval = Math.max(100, Math.min(1000, Math.floor(headersTimeout / 4)))
    return { maxHeaderSize, headersTimeout, requestTimeout, keepAliveTimeout, lingerTimeout, connectionsCheckingInterval, noDelay: true }
  }

  private async handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    // a client that goes away must never surface as an unhandled stream error
    req.on('error', () => {})
    res.on('error', () => {})
    res.once('finish', () => { drainUnread(req) })
    if (req.method === 'CONNECT') {
      res.writeHead(200, { 'Content-Length': '0' }).end()
      return
    }
    const ctx = createContext(req, res, { backend: this.init.backend, serverHeader: this.init.serverHeader, serverSignal: this.closing.signal })
    try {
      await this.chain(ctx)
      if (!res.headersSent && !res.writableEnded) {
        throw new CommandNotFoundError() // nothing in the chain answered
      }
    } catch (err) {
      this.answerError(ctx, err)
    }
  }

  /** Hands an error to the one error writer; if even that fails, the connection is dropped */
  private answerError (ctx: RequestContext, err: unknown): void {
    ctx.error ??= err // the innermost error: the one that was answered
    try {
      writeError(ctx.req, ctx.res, exchangeOf(ctx), err)
    } catch (writeErr) {
      this.init.logger?.error({ error: String(writeErr) }, `composite-ipfs server: could not write an error response: ${String(writeErr)}`)
      ctx.res.destroy()
    }
  }

  async listen (addresses: ReadonlyArray<string | ListenOptions>): Promise<ListenAddress[]> {
    const results = await Promise.allSettled(addresses.map(async (address) => await bind(this.handler, this.serverOptions, address)))
    const bound = results.flatMap((result) => result.status === 'fulfilled' ? [result.value] : [])
    const failed = results.find((result) => result.status === 'rejected')
    if (failed !== undefined) {
      await settle(bound.map(async (b) => { await release(b) }))
      throw failed.reason
    }
    this.bound.push(...bound)
    return bound.map(({ address }) => address)
  }

  async inject (request: InjectRequest): Promise<InjectResponse> {
    if (this.injectServer === undefined) {
      this.injectServer = createServer(this.serverOptions, this.handler)
      this.injectServer.on('connect', answerConnect)
    }
    return await inject(this.injectServer, request)
  }

  async close (options: { timeout?: number } = {}): Promise<void> {
    const servers = this.bound.splice(0)
    const closed = servers.map(({ server }) => stopListening(server))
    const deadline = Date.now() + (options.timeout ?? this.init.closeTimeout)
    // keep-alive connections may still bring requests in while the first ones drain
    while (this.inflight.size > 0 && Date.now() < deadline) {
      await Promise.race([settle(this.inflight), sleep(deadline - Date.now())])
    }
    if (this.inflight.size > 0) {
      this.closing.abort()
      await Promise.race([settle(this.inflight), sleep(1000)])
    }
    for (const { server } of servers) {
      server.closeAllConnections()
    }
    this.injectServer?.closeAllConnections()
    this.injectServer?.close(() => {}) // never listened: this only stops its connection checks
    await settle(servers.map(async (bound, i) => { await release(bound, closed[i]) }))
  }
}

/** @see {@link ipfsApiServer} in index.ts */
export function createIpfsApiServer (init: IpfsApiServerInit): IpfsApiServer {
  return new KuboRpcServer(init)
}
