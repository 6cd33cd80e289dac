import type { Server } from 'node:http'

/** `server.listen`, as a promise that rejects with the listen error */
export async function listening (server: Server, args: { host: string, port: number } | { path: string }): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(args, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/** Stops a listening server; never throws */
export async function stopListening (server: Server): Promise<void> {
  await new Promise<void>((resolve) => { server.close(() => { resolve() }) })
}
