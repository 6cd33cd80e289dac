import type { Socket } from 'node:net'

type ClosableSocket = Socket & { destroySoon?: () => void }

/**
 * Go's `closeWriteAndWait`, for node, without its fixed delay. After an answer with
 * `Connection: close` node calls `socket.destroySoon()`, which destroys the socket as soon as
 * the answer has left node. But the kernel may still hold part of the answer, and a client
 * that is still sending a body the server did not read (an upload answered with 400 or 413,
 * or a command that takes no body) makes the kernel answer the close with a reset, which
 * throws that part away: the client sees its answer cut short. Instead: half-close, and keep
 * reading and dropping until the client closes its side, which a client does once its answer
 * is whole (undici, Go, curl), or until `lingerMs` have passed for one that neither reads
 * nor stops sending.
 */
export class Lingering {
  private readonly sockets = new Set<Socket>()

  constructor (private readonly lingerMs: number) {}

  /** Makes node's close after an answer linger on this socket */
  attach (socket: ClosableSocket): void {
    let lingering = false
    socket.destroySoon = () => {
      if (socket.destroyed || lingering) return
      lingering = true
      socket.end()
      if (socket.readableEnded) {
        socket.destroy()
        return
      }
      this.sockets.add(socket)
      const timer = setTimeout(() => { socket.destroy() }, this.lingerMs)
      timer.unref()
      socket.once('end', () => { socket.destroy() })
      socket.once('close', () => {
        clearTimeout(timer)
        this.sockets.delete(socket)
      })
      socket.resume() // node's parser may have paused it; what arrives now is only dropped
    }
  }

  /** Ends every wait at once: the server is closing */
  destroyAll (): void {
    for (const socket of this.sockets) socket.destroy()
  }
}
