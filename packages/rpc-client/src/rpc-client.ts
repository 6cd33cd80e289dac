import { setTimeout as sleep } from 'node:timers/promises'
import pRetry, { AbortError } from 'p-retry'
import { BodySource } from './body-source.ts'
import { callSignals } from './call-signals.ts'
import { resolveEndpoint } from './endpoint.ts'
import { endpointDispatcher } from './endpoint-dispatcher.ts'
import { EndpointHealth } from './endpoint-health.ts'
import { ClientClosedError } from './errors.ts'
import { REQUEST_ID_HEADER } from '@composite-ipfs/interface'
import { abortError, bodyError, endpointFailure, isCallError, RETRY_STATUSES, RetryableStatusError, shouldFailover, unavailableError } from './failover.ts'
import { isIdempotent } from './idempotence.ts'
import { isErrorAnswer } from './kubo-error.ts'
import { kuboJson, kuboNdjson } from './kubo-calls.ts'
import { withQuery } from './query.ts'
import { readBytes } from './read-body.ts'
import { BufferedBody, bufferedResponse, streamingResponse } from './response.ts'
import type { EndpointDispatcher } from './endpoint-dispatcher.ts'
import type { CallSignals } from './call-signals.ts'
import type { AttemptFacts } from './failover.ts'
import type { CompositeHopsOptions } from './interceptors/composite-hops.ts'
import type { RequestStartOptions } from './interceptors/track-request-start.ts'
import type { RpcResponse } from './response.ts'
import type { KuboCallOptions, RpcClient, RpcClientInit, RpcRequest } from './types.ts'
import type { Dispatcher } from 'undici'

/** `path?query` of ready search params, without a dangling `?` (as `withQuery` writes it) */
function pathWithParams (path: string, query: URLSearchParams): string {
  const text = query.toString()
  return text === '' ? path : `${path}?${text}`
}

/** A 5xx body is read (to tell a Kubo error from a dead endpoint) up to this size */
const ERROR_BODY_LIMIT = 1 << 20

/** Per-endpoint pools, sticky failover with p-retry, Kubo call helpers */
export class FailoverRpcClient implements RpcClient {
  readonly endpoints: readonly string[]
  readonly #targets: EndpointDispatcher[]
  readonly #retries: number
  readonly #retryDelay: number
  readonly #closeTimeout: number
  /** Index of the last endpoint that answered: the first one tried next time */
  #current = 0
  #closing: Promise<void> | undefined
  readonly #health: EndpointHealth

  constructor (init: RpcClientInit) {
    if (init.endpoints.length === 0) throw new TypeError('rpcClient needs at least one endpoint')
    const { connect = 5_000, headers = 300_000, body = 300_000 } = init.timeouts ?? {}
    this.#targets = init.endpoints.map(e => endpointDispatcher(resolveEndpoint(e), {
      connect, headers, body, keepAlive: init.keepAliveTimeout ?? 10_000, userAgent: init.userAgent, base: init.dispatcher
    }))
    this.endpoints = this.#targets.map(t => t.endpoint.label)
    this.#retries = init.retries ?? Math.max(2, this.#targets.length - 1)
    this.#retryDelay = init.retryDelay ?? 100
    this.#closeTimeout = init.closeTimeout ?? 2_000
    this.#health = new EndpointHealth(init.logger)
  }

  async request (request: RpcRequest): Promise<RpcResponse> {
    return await this.#send(request, false)
  }

  /**
   * One call with failover. `buffered`: a 200 body is read whole before the call returns (for
   * callers that buffer it anyway, like `kuboJson`): undici's own reader, without a stream
   * wrapper per chunk; a failure while reading ends the call as it would end a streamed body.
   */
  async #send (request: RpcRequest, buffered: boolean): Promise<RpcResponse> {
    if (this.#closing !== undefined) throw new ClientClosedError()
    const signals = callSignals(request.signal, request.timeout)
    try {
      const res = await this.#sendWith(request, buffered, signals.signal, signals)
      // a streamed body still needs the signal: it releases it when it closes
      if (res.body instanceof BufferedBody) signals.release()
      return res
    } catch (err) {
      signals.release()
      throw err
    }
  }

  async #sendWith (request: RpcRequest, buffered: boolean, signal: AbortSignal | undefined, signals: CallSignals): Promise<RpcResponse> {
    const source = new BodySource(request.body)
    const idempotent = request.idempotent ?? isIdempotent(request.method ?? 'POST', request.path)
    const failures: Error[] = []
    const first = this.#current
    const count = this.#targets.length
    const attempt = async (attemptNumber: number): Promise<RpcResponse> => {
      const index = (first + attemptNumber - 1) % count
      const target = this.#targets[index] as EndpointDispatcher
      const facts: AttemptFacts = { started: false, idempotent, replayable: true }
      const started = performance.now()
      try {
        const res = await this.#attempt(target, request, source, signal, signals, facts, buffered)
        this.#current = index
        this.#health.answered(target.endpoint.label)
        request.trace?.upstream(target.endpoint.label, res.status, performance.now() - started)
        return res
      } catch (err) {
        throw this.#failed(err, target, failures, facts, source, signals, request)
      }
    }
    const settle = (err: unknown): never => {
      if (isCallError(err)) throw err
      throw abortError(signals, err) ?? unavailableError(failures, false)
    }
    // The first attempt runs outside p-retry (its closures and abort listeners cost more than
    // a small call itself); p-retry takes over after a failure, seeing that failure as its
    // first attempt, so delays, limits and verdicts are exactly as if it had run it.
    let failure: unknown
    try {
      signal?.throwIfAborted()
      const res = await attempt(1)
      if (signal?.aborted !== true) return res
      res.discard()
      signal.throwIfAborted() // p-retry checks the signal after an attempt too
    } catch (err) {
      failure = err
    }
    if (failure instanceof AbortError) return settle(failure.originalError)
    try {
      return await pRetry(async (attemptNumber) => {
        if (attemptNumber === 1) throw failure
        return await attempt(attemptNumber)
      }, {
        retries: this.#retries,
        minTimeout: 0,
        signal,
        onFailedAttempt: async ({ attemptNumber, retriesLeft }) => {
          // a new round over the same endpoints: give them a moment
          if (retriesLeft > 0 && attemptNumber % count === 0) {
            await sleep(this.#retryDelay * 2 ** (attemptNumber / count - 1), undefined, { signal })
          }
        }
      })
    } catch (err) {
      return settle(err)
    }
  }

  /** Records a failed attempt; returns what to throw to p-retry (an `AbortError` stops it) */
  #failed (err: unknown, target: EndpointDispatcher, failures: Error[], facts: AttemptFacts, source: BodySource, signals: CallSignals, request: RpcRequest): Error {
    const aborted = abortError(signals, err)
    if (aborted !== undefined) return new AbortError(aborted)
    if (this.#closing !== undefined) return new AbortError(new ClientClosedError())
    if (isCallError(err)) return new AbortError(err)
    const failure = endpointFailure(target.endpoint.label, err)
    failures.push(failure)
    facts.replayable = source.replayable
    const failingOver = shouldFailover(err, facts) && this.#targets.length > 1
    this.#health.failed(target.endpoint.label, failure, failingOver)
    if (!shouldFailover(err, facts)) return new AbortError(unavailableError(failures, facts.started))
    if (failingOver) request.trace?.failover(target.endpoint.label, failure)
    return err instanceof Error ? err : failure
  }

  async #attempt (target: EndpointDispatcher, request: RpcRequest, source: BodySource, signal: AbortSignal | undefined, signals: CallSignals, facts: AttemptFacts, buffered: boolean): Promise<RpcResponse> {
    const label = target.endpoint.label
    const options: Dispatcher.RequestOptions & CompositeHopsOptions & RequestStartOptions = {
      origin: target.endpoint.origin,
      // a URLSearchParams is written as is (withQuery would copy it first)
      path: request.query instanceof URLSearchParams ? pathWithParams(request.path, request.query) : withQuery(request.path, request.query),
      method: (request.method ?? 'POST') as Dispatcher.HttpMethod,
      headers: (request.requestId === undefined ? request.headers : { ...request.headers, [REQUEST_ID_HEADER]: request.requestId }) as Record<string, string>,
      body: source.take() as string,
      signal,
      // read by the outbound interceptor of the endpoint's dispatcher
      via: request.via,
      hops: request.hops,
      onRequestSent: () => { facts.started = true }
    }
    const data = await target.dispatcher.request(options)
    if (data.statusCode >= 500 && facts.idempotent && source.replayable) {
      const bytes = await readBytes(data.body, ERROR_BODY_LIMIT)
      const text = bytes.toString('utf8')
      if (RETRY_STATUSES.has(data.statusCode) || !isErrorAnswer(text)) {
        throw new RetryableStatusError(data.statusCode, text)
      }
      return bufferedResponse(data, label, bytes)
    }
    if (buffered && data.statusCode === 200) {
      let bytes: Uint8Array
      try {
        bytes = await data.body.bytes()
      } catch (err) {
        // a CompositeIpfsError: p-retry stops, the call ends with it, as a streamed body would
        throw bodyError(err, signals, label, data.statusCode)
      }
      return bufferedResponse(data, label, bytes)
    }
    return streamingResponse(data, label, (err) => bodyError(err, signals, label, data.statusCode), signals.release)
  }

  async kuboJson<T = unknown> (command: string, options?: KuboCallOptions): Promise<T> {
    return kuboJson<T>(async (r) => await this.#send(r, true), command, options)
  }

  kuboNdjson<T = unknown> (command: string, options?: KuboCallOptions): AsyncGenerator<T, void, undefined> {
    return kuboNdjson<T>(async (r) => this.request(r), command, options)
  }

  async close (): Promise<void> {
    this.#closing ??= Promise.all(this.#targets.map(async ({ pool }) => {
      if (pool === undefined) return
      const closed = pool.close().then(() => true, () => true)
      const timer = sleep(this.#closeTimeout, false, { ref: false })
      if (!await Promise.race([closed, timer])) await pool.destroy().catch(() => {})
    })).then(() => {})
    await this.#closing
  }
}

