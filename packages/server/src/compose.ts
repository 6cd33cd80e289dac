import type { Middleware, Next, RequestContext } from '@composite-ipfs/interface'

/** Writes a thrown error as the response (the server's one error writer) */
export type OnError = (err: unknown, ctx: RequestContext) => void

/**
 * Composes middleware koa-style, as hono's `compose` does: each one runs the rest of the chain
 * with `await next()`, and calling `next()` twice throws. With `onError`, an error is answered
 * where it was thrown, so the middleware around it see the final response after `next()`
 * returns (a request log sees the 404); without it, errors propagate to the caller.
 */
export function compose (middleware: readonly Middleware[], onError?: OnError): (ctx: RequestContext, next?: Next) => Promise<void> {
  return async function composed (ctx, next) {
    let index = -1
    async function dispatch (i: number): Promise<void> {
      if (i <= index) {
        throw new Error('next() called multiple times')
      }
      index = i
      const fn = i === middleware.length ? next : middleware[i]
      if (fn === undefined) {
        return
      }
      try {
        // a plain arrow: an async wrapper would cost one more promise per layer and request
        await fn(ctx, () => dispatch(i + 1))
      } catch (err) {
        if (onError === undefined) {
          throw err
        }
        onError(err, ctx)
      }
    }
    await dispatch(0)
  }
}
