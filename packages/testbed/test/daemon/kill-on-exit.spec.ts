import { spawn } from 'node:child_process'
import { access } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../../src/index.ts'

const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url))
const FIXTURE = fileURLToPath(new URL('../fixtures/start-and-die.ts', import.meta.url))

function isAlive (pid: number): boolean {
  try { process.kill(pid, 0); return true } catch { return false }
}

async function startAndDie (mode: string): Promise<{ pid: number, repoPath: string, exit: { code: number | null, signal: string | null } }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', FIXTURE, mode], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => { stdout += chunk })
  child.stderr.on('data', (chunk) => { stderr += chunk })
  const exit = await new Promise<{ code: number | null, signal: string | null }>((resolve) => {
    child.once('exit', (code, signal) => { resolve({ code, signal }) })
  })
  const line = stdout.split('\n').find((l) => l.startsWith('{'))
  if (line === undefined) throw new Error(`the fixture printed no daemon: ${stderr}`)
  return { ...JSON.parse(line), exit }
}

describe('daemons die with the process that started them', () => {
  it.each([
    ['exit', { code: 3, signal: null }],
    ['throw', { code: 1, signal: null }],
    ['sigterm', { code: null, signal: 'SIGTERM' }],
    ['sigkill', { code: null, signal: 'SIGKILL' }]
  ])('on %s', async (mode, expected) => {
    const { pid, repoPath, exit } = await startAndDie(mode)
    expect(exit).toEqual(expected)
    // after SIGKILL the reaper needs a moment (SIGTERM, 2 s grace, SIGKILL)
    await waitFor(() => !isAlive(pid), { timeoutMs: 15_000, message: `kubo ${pid} to be gone` })
    await waitFor(async () => await access(repoPath).then(() => false, () => true), { timeoutMs: 15_000, message: `${repoPath} to be removed` })
  })
})
