import { chmod, link, lstat, mkdtemp, rm, unlink } from 'node:fs/promises'
import { connect } from 'node:net'
import { basename, dirname, join } from 'node:path'
import { InvalidConfigError } from '@composite-ipfs/interface'
import { listening, stopListening } from './listening.ts'
import type { Server } from 'node:http'

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

/** A unix socket's mode: permission bits only */
export function checkSocketMode (mode: number | undefined): void {
  if (mode === undefined) return
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o777) {
    throw new InvalidConfigError(`invalid unix socket mode ${String(mode)}: expected permission bits from 0 to 0o777, e.g. 0o600`)
  }
}

function addressInUse (path: string, cause: unknown): Error {
  return Object.assign(new Error(`listen EADDRINUSE: address already in use ${path}`, { cause }), { code: 'EADDRINUSE', path })
}

/**
 * Listens on a unix socket that never exists at `path` with another mode than `mode`, not
 * even for a moment. The socket is bound inside a private directory (0700, beside `path`, so
 * on the same file system), given its mode there, then hard-linked into place: `link` never
 * replaces a file, so a path someone took meanwhile fails with EADDRINUSE. A failure after
 * the bind stops the server: nothing stays bound.
 */
export async function listenUnix (server: Server, path: string, mode: number | undefined): Promise<void> {
  checkSocketMode(mode)
  await removeStaleSocket(path)
  if (mode === undefined) {
    await listening(server, { path })
    return
  }
  const staging = await mkdtemp(join(dirname(path), `.${basename(path)}-`))
  try {
    const staged = join(staging, 'socket')
    await listening(server, { path: staged })
    try {
      await chmod(staged, mode)
      await link(staged, path).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EEXIST' ? addressInUse(path, err) : err
      })
    } catch (err) {
      await stopListening(server)
      throw err
    }
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}
