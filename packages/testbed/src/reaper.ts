import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'

/**
 * A tiny `sh` process that outlives us: it learns our daemons' pids and temp directories over
 * a pipe, and when the pipe closes without a goodbye (we were SIGKILLed, e.g. by a test runner's
 * timeout) it stops the daemons and removes the directories. Exit hooks cannot cover SIGKILL.
 */
const SCRIPT = `
pids=''
dirs=''
nl='
'
while IFS= read -r line; do
  case "$line" in
    'p '*) pids="$pids \${line#p }" ;;
    'u '*) pids=$(printf '%s\\n' $pids | grep -vx -- "\${line#u }" | tr '\\n' ' ') ;;
    'd '*) dirs="$dirs$nl\${line#d }" ;;
  esac
done
if [ -n "$(echo $pids)" ]; then
  kill -TERM $pids 2>/dev/null
  sleep 2
  kill -KILL $pids 2>/dev/null
fi
printf '%s\\n' "$dirs" | while IFS= read -r d; do [ -n "$d" ] && rm -rf -- "$d"; done
`

let reaper: ChildProcess | undefined

function send (line: string): void {
  if (process.platform === 'win32') return
  if (reaper === undefined) {
    reaper = spawn('sh', ['-c', SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] })
    reaper.on('error', () => { reaper = undefined })
    reaper.unref()
    // the pipe must not keep the event loop alive either
    ;(reaper.stdin as unknown as { unref?: () => void }).unref?.()
  }
  reaper.stdin?.write(`${line}\n`)
}

export const reaperWatch = {
  pid (pid: number): void { send(`p ${pid}`) },
  unwatchPid (pid: number): void { send(`u ${pid}`) },
  dir (path: string): void { send(`d ${path}`) },
  /** Called from the exit hook after we cleaned up ourselves: the reaper has nothing left to do */
  dismiss (): void {
    if (reaper?.pid !== undefined) {
      try { process.kill(reaper.pid, 'SIGKILL') } catch {}
    }
  }
}
