import { fork } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
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
      if (child.exitCode !== null) throw new Error(`the soak's composite node exited (${child.exitCode})`)
      let onMessage: ((message: { type: string, value: NodeSample }) => void) | undefined
      let onExit: (() => void) | undefined
      const answer = new Promise<NodeSample>((resolve, reject) => {
        onMessage = (message) => { if (message.type === 'sample') resolve(message.value) }
        onExit = () => { reject(new Error(`the soak's composite node exited (${String(child.exitCode)}) during a sample`)) }
        child.on('message', onMessage)
        child.once('exit', onExit)
      })
      child.send({ type: 'sample' })
      const timer = new AbortController()
      const late = sleep(30_000, undefined, { signal: timer.signal }).then(() => { throw new Error('the soak\'s composite node did not answer a sample within 30 s') })
      late.catch(() => {})
      try {
        return await Promise.race([answer, late])
      } finally {
        timer.abort()
        if (onMessage !== undefined) child.off('message', onMessage)
        if (onExit !== undefined) child.off('exit', onExit)
      }
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
