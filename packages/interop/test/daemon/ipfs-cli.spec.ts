/** The Go `ipfs` CLI as a client of a composite node: `ipfs --api <maddr> add | cat | pin ls` */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { binaries } from '@composite-ipfs/testbed'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kuboPair } from '../../src/index.ts'
import type { KuboPair } from '../../src/index.ts'

const run = promisify(execFile)

describe('the ipfs CLI against a composite node', () => {
  let pair: KuboPair
  let dir: string
  let ipfs: string
  const cli = async (...args: string[]): Promise<string> => {
    const { stdout } = await run(ipfs, ['--api', pair.node.multiaddr, ...args], { env: { ...process.env, IPFS_PATH: join(dir, 'no-repo') } })
    return stdout
  }

  beforeAll(async () => {
    pair = await kuboPair()
    dir = await mkdtemp(join(tmpdir(), 'ipfs-cli-'))
    ipfs = (await binaries()).ipfs
  })
  afterAll(async () => {
    await pair?.stop()
    if (dir != null) await rm(dir, { recursive: true, force: true })
  })

  it('add, cat and pin ls work as against Kubo', async () => {
    const file = join(dir, 'hello.txt')
    await writeFile(file, 'hello from the ipfs CLI\n')
    const cid = (await cli('add', '-Q', file)).trim()
    const expected = (await run(ipfs, ['--api', pair.kubo.apiMultiaddr, 'add', '-Q', '--only-hash', file], { env: { ...process.env, IPFS_PATH: join(dir, 'no-repo') } })).stdout.trim()
    expect(cid).toBe(expected)
    expect(await cli('cat', cid)).toBe('hello from the ipfs CLI\n')
    expect(await cli('pin', 'ls', '--type=recursive')).toContain(`${cid} recursive`)
    expect(await cli('pin', 'ls', cid)).toContain(cid)
    expect((await cli('version')).trim()).toMatch(/^ipfs version \d+\.\d+\.\d+/)
  })

  it('a recursive directory add and a stdin pin add', async () => {
    const tree = join(dir, 'tree')
    await import('node:fs/promises').then(async fs => {
      await fs.mkdir(join(tree, 'sub'), { recursive: true })
      await fs.writeFile(join(tree, 'a.txt'), 'a')
      await fs.writeFile(join(tree, 'sub', 'b.txt'), 'b')
    })
    const out = await cli('add', '-r', '-Q', tree)
    const root = out.trim()
    expect(await cli('cat', `${root}/sub/b.txt`)).toBe('b')
    const { stdout } = await run('sh', ['-c', `echo ${root} | "${ipfs}" --api ${pair.node.multiaddr} pin add`], { env: { ...process.env, IPFS_PATH: join(dir, 'no-repo') } })
    expect(stdout).toContain(root)
  })
})
