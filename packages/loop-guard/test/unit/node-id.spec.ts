import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hopHeaders, NODE_ID_PATTERN, nodeIdFor, persistentNodeId, readHopTrail } from '../../src/index.ts'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'composite-ipfs-loop-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('node IDs', () => {
  it('a configured name is the ID; without one, a random header-safe ID', () => {
    expect(nodeIdFor('gateway-eu')).toBe('gateway-eu')
    expect(nodeIdFor(' gateway-eu ')).toBe('gateway-eu')
    const random = nodeIdFor()
    expect(random).toMatch(/^cn-[0-9a-f-]{36}$/)
    expect(NODE_ID_PATTERN.test(random)).toBe(true)
    expect(nodeIdFor()).not.toBe(random)
    expect(() => nodeIdFor('a, b')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_NODE_ID' }))
    expect(() => nodeIdFor('x'.repeat(129))).toThrow(expect.objectContaining({ code: 'ERR_INVALID_NODE_ID' }))
  })

  it('persistentNodeId creates the ID once and reads it back', async () => {
    const file = join(dir, 'sub', 'node-id')
    const id = await persistentNodeId(file)
    expect(await persistentNodeId(file)).toBe(id)
    expect((await readFile(file, 'utf8')).trim()).toBe(id)
    await writeFile(join(dir, 'named'), 'pinning-1\n')
    expect(await persistentNodeId(join(dir, 'named'))).toBe('pinning-1')
    await writeFile(join(dir, 'bad'), 'not valid\n')
    await expect(persistentNodeId(join(dir, 'bad'))).rejects.toMatchObject({ code: 'ERR_INVALID_NODE_ID' })
  })
})

describe('hop headers', () => {
  it('round-trip through the header form', () => {
    const headers = hopHeaders({ via: ['a', 'b'], hops: 2 })
    expect(headers).toEqual({ 'x-composite-via': 'a, b', 'x-composite-hops': '2' })
    expect(readHopTrail(headers)).toEqual({ via: ['a', 'b'], hops: 2 })
    expect(hopHeaders({})).toEqual({})
    expect(readHopTrail({})).toEqual({ via: [], hops: 0 })
  })
})
