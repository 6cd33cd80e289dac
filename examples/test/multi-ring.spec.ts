/** CI runs the multi-ring example end to end against real daemons */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const example = fileURLToPath(new URL('../multi-ring.ts', import.meta.url))

describe('examples/multi-ring.ts', () => {
  it('pins through the overcluster onto every undercluster Kubo and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', example], { timeout: 170_000 })
    const lines = stdout.trim().split('\n').filter(line => line.startsWith('undercluster'))
    expect(lines).toHaveLength(4)
    for (const line of lines) expect(line).toMatch(/ recursive$/)
  }, 180_000)
})
