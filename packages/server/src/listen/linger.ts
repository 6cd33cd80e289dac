import type { Socket } from 'node:net'

/** How long a connection that node closes keeps reading what its client still sends */
export const LINGER_MS = 1000

type ClosableSocket = Socket & { destroySoon?: () => void }

/**
 * Go's `closeWriteAndWait`, for node. After an answer with `Connection: close` node calls
 * `socket.destroySoon()`, which destroys the socket as soon as the answer is written. When the
 * client is still sending a body the server did not read (an upload answered with 400 or 413),
 * closing a socket with unread bytes makes the kernel send a reset, and the client can lose the
 * answer it had not read yet. Instead: half-close, keep reading and dropping for `lingerMs`
 * (or until the client finishes), then destroy.
 */
export function lingerOnClose (socket: ClosableSocket, lingerMs = LINGER_MS): void {
  let lingering = false
  socket.destroySoon = function lingeringDestroySoon () {
    if (socket.destroyed || lingering) return
    lingering = true
    socket.end()
    if (socket.readableEnded) {
      socket.destroy()
      return
    }
    const timer = setTimeout(() => { socket.destroy() }, lingerMs)
    timer.unref()
    socket.once('end', () => { socket.destroy() })
    socket.once('close', () => { clearTimeout(timer) })
    socket.resume() // node's parser may have paused it; what arrives now is only dropped
  }
}
