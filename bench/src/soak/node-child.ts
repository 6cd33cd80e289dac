import { fork } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { NodeSample } from './types.ts'
import type { ChildProcess } from 'node:child_process'

/** The composite node's process (node-process.ts), and how to ask it for a sample */
export interface NodeChild {
  url: string
  multiaddr: string
  sample: () => Promise<NodeSample>
  stop: () => Promise<void>
}

/** Forks node-process.ts with `--expose-gc`; resolves once it listens */
export async function startNodeChild (config: { rest: string[], ipfs: string[] }): Promise<NodeChild> {
  const entry = fileURLToPath(new URL('./node-process.ts', import.meta.url))
  const child: ChildProcess = fork(entry, [JSON.stringify(config)], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const killOnExit = (): void => { child.kill('SIGKILL') }
  process.once('exit', killOnExit)
  const [ready] = await Promise.race([
    once(child, 'message') as Promise<[{ type: string, url: string, multiaddr: string }]>,
    once(child, 'exit').then(([code]) => { throw new Error(`the soak's composite node exited (${String(code)}) before it was ready`) })
  ])
  return {
    url: ready.url,
    multiaddr: ready.multiaddr,
    async sample () {
      const answer = new Promise<NodeSample>((resolve) => {
        const onMessage = (message: { type: string, value: NodeSample }): void => {
          if (message.type !== 'sample') return
          child.off('message', onMessage)
          resolve(message.value)
        }
        child.on('message', onMessage)
      })
      child.send({ type: 'sample' })
      return await answer
    },
    async stop () {
      process.off('exit', killOnExit)
      if (child.exitCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      const timer = setTimeout(() => { child.kill('SIGKILL') }, 15_000)
      await exited
      clearTimeout(timer)
    }
  }
}
