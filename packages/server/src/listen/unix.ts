import { lstat, unlink } from 'node:fs/promises'
import { connect } from 'node:net'

async function isAlive (path: string): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect(path)
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => { resolve(false) })
  })
}

/**
 * Removes a socket file left by a process that died, so that listening succeeds; a socket
 * someone still listens on is left alone (listening then fails with EADDRINUSE).
 */
export async function removeStaleSocket (path: string): Promise<void> {
  const stat = await lstat(path).catch(() => undefined)
  if (stat?.isSocket() === true && !(await isAlive(path))) {
    await unlink(path).catch(() => {})
  }
}
