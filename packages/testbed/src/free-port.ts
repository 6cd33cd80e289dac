import { createServer } from 'node:net'

/** A loopback TCP port nothing listens on right now (for daemons that must be told their port before they start) */
export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve) })
  const { port } = server.address() as { port: number }
  await new Promise<void>(resolve => { server.close(() => { resolve() }) })
  return port
}
