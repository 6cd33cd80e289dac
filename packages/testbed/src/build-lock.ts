import { open, readFile, stat, unlink } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'

/** A lock older than this is left over from a crashed build on another machine sharing the cache */
const STALE_MS = 2 * 60 * 60 * 1000
const POLL_MS = 1000

function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err: any) {
    // EPERM: the process exists but belongs to someone else
    return err.code === 'EPERM'
  }
}

async function isStale (path: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)])
    const pid = Number.parseInt(text, 10)
    return !Number.isInteger(pid) || !isAlive(pid) || Date.now() - info.mtimeMs > STALE_MS
  } catch (err: any) {
    if (err.code === 'ENOENT') return false
    throw err
  }
}

/**
 * Takes an exclusive lock file (created with `O_EXCL`, holding our pid), so two processes
 * never build the same daemon at once. Waits while another live process holds it; takes over
 * a lock whose owner is gone. Returns the release function.
 */
export async function acquireLock (path: string, onWait?: (holder: string) => void): Promise<() => Promise<void>> {
  let told = false
  for (;;) {
    try {
      const handle = await open(path, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return async () => { await unlink(path).catch(() => {}) }
    } catch (err: any) {
      if (err.code !== 'EEXIST') throw err
    }
    if (await isStale(path)) {
      await unlink(path).catch(() => {})
      continue
    }
    if (!told) {
      told = true
      onWait?.(await readFile(path, 'utf8').catch(() => '?'))
    }
    await sleep(POLL_MS)
  }
}
