import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { ADMIN_COMMANDS, adminCommandOf } from '../../src/admin-commands.ts'

/** The rows of a marked table in docs/compatibility.md, as lists of backticked names per cell */
async function docTable (marker: string): Promise<string[][][]> {
  const doc = await readFile(new URL('../../../../docs/compatibility.md', import.meta.url), 'utf8')
  const from = doc.indexOf(`<!-- ${marker}:`)
  const to = doc.indexOf(`<!-- /${marker} -->`)
  expect(from, marker).toBeGreaterThan(-1)
  return doc.slice(from, to).split('\n').filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1])))
}

describe('ADMIN_COMMANDS', () => {
  it('is the table of docs/compatibility.md, exceptions included', async () => {
    const rows = await docTable('admin-commands')
    expect(rows.map(([[path], except]) => ({ path, except }))).toEqual(ADMIN_COMMANDS.map((admin) => ({ path: admin.path, except: [...(admin.except ?? [])] })))
  })

  it('covers subcommands and arguments on segment boundaries only', () => {
    expect(adminCommandOf('config')?.path).toBe('config')
    expect(adminCommandOf('config/profile/apply')?.path).toBe('config')
    expect(adminCommandOf('config/Identity.PeerID')?.path).toBe('config')
    expect(adminCommandOf('config/show')).toBeUndefined()
    expect(adminCommandOf('config/show/')).toBeUndefined()
    expect(adminCommandOf('configure')).toBeUndefined()
    expect(adminCommandOf('diag/healthy')).toBeUndefined()
    expect(adminCommandOf('diag/sys')?.path).toBe('diag')
    expect(adminCommandOf('swarm/peers')).toBeUndefined()
    expect(adminCommandOf('swarm/peering/add')?.path).toBe('swarm/peering')
    expect(adminCommandOf('files/chroot')?.path).toBe('files/chroot')
    expect(adminCommandOf('files/ls')).toBeUndefined()
  })
})
