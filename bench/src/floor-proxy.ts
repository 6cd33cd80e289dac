/**
 * The floor of the small-RPC comparison: the least a Node.js HTTP hop can do. A `node:http`
 * server forwards method, path, headers and body to one upstream through one undici `Pool` and
 * pipes the answer back: no routing, no middleware, no parsing. Run as its own process:
 * `node floor-proxy.mjs <upstream origin>`; prints `listening on http://127.0.0.1:PORT`.
 */
import { createServer } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { Pool } from 'undici'
import type { IncomingHttpHeaders } from 'node:http'

/** Headers of one connection, never forwarded in either direction */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host'])

function endToEnd (headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const name in headers) {
    const value = headers[name]
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value
  }
  return out
}

const upstream = process.argv[2]
if (upstream === undefined) throw new Error('usage: floor-proxy <upstream origin>')
const pool = new Pool(upstream, { keepAliveTimeout: 10_000 })
const hasBody = (headers: IncomingHttpHeaders): boolean => headers['transfer-encoding'] !== undefined || (headers['content-length'] ?? '0') !== '0'

const server = createServer({ noDelay: true, keepAliveTimeout: 5_000 }, (req, res) => {
  pool.request({ method: req.method as 'POST', path: req.url ?? '/', headers: endToEnd(req.headers), body: hasBody(req.headers) ? req : undefined })
    .then(async (answer) => {
      res.writeHead(answer.statusCode, endToEnd(answer.headers))
      await pipeline(answer.body, res)
    })
    .catch(() => { res.headersSent ? res.destroy() : res.writeHead(502).end() })
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address !== null && typeof address === 'object') process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`)
})
process.once('SIGTERM', () => { server.close(); server.closeAllConnections(); void pool.close(); process.exit(0) })
