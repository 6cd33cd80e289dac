import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { BUILD_DIR } from './cli-build.ts'

const ENTRY = fileURLToPath(new URL('./floor-proxy.ts', import.meta.url))

/** The bare Node.js proxy (`floor-proxy.ts`) running as its own process */
export interface FloorProxy {
  /** `http://127.0.0.1:PORT` it listens on */
  readonly url: string
  readonly pid: number
  /** SIGTERM, SIGKILL after 5 s. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * Bundles `floor-proxy.ts` (with undici) and starts it in front of `upstream`, as plain `node`
 * like the composite nodes, so the two hops are compared on equal terms. Killed when this
 * process exits.
 *
 * @example
 * ```ts
 * const floor = await startFloorProxy(kubo.apiUrl)
 * try { ... } finally { await floor.stop() }
 * ```
 */
export async function startFloorProxy (upstream: string, nodeFlags: string[] = []): Promise<FloorProxy> {
  await mkdir(BUILD_DIR, { recursive: true })
  const bin = `${BUILD_DIR}floor-proxy.mjs`
  await build({ entryPoints: [ENTRY], outfile: bin, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    // undici is CommonJS and calls require()
    banner: { js: "import { createRequire as __floorRequire } from 'node:module'; const require = __floorRequire(import.meta.url);" },
    logLevel: 'error'
  })
  const child = spawn(process.execPath, [...nodeFlags, bin, upstream], { stdio: ['ignore', 'pipe', 'pipe'] })
  const kill = (): void => { child.kill('SIGKILL') }
  process.once('exit', kill)
  const exited = once(child, 'exit')
  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopping ??= (async () => {
      process.off('exit', kill)
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(kill, 5_000)
      await exited
      clearTimeout(timer)
    })()
    await stopping
  }
  let out = ''
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`the floor proxy did not start in time:\n${out}`)) }, 10_000)
      const onData = (data: Buffer): void => {
        out += data.toString()
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
        if (match !== null) { clearTimeout(timer); resolve(match[1]) }
      }
      child.stdout?.on('data', onData)
      child.stderr?.on('data', (data: Buffer) => { out += data.toString() })
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the floor proxy exited (${code}):\n${out}`)) })
    })
    return { url, pid: child.pid ?? 0, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
