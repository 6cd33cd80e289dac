import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { checkPassthrough, SAME_ON_ANY_DAEMON } from '../../src/passthrough-allow.ts'

describe('the cluster connector\'s passthrough allow-list', () => {
  it('is the table of docs/compatibility.md', async () => {
    const doc = await readFile(new URL('../../../../docs/compatibility.md', import.meta.url), 'utf8')
    const table = doc.slice(doc.indexOf('<!-- cluster-allow-list:'), doc.indexOf('<!-- /cluster-allow-list -->'))
    const listed = table.split('\n').filter((line) => line.startsWith('| `')).map((line) => /^\| `([^`]+)`/.exec(line)![1])
    expect(listed).toEqual([...SAME_ON_ANY_DAEMON])
  })

  it('forwards its entries and their subcommands, the host\'s additions, and refuses the rest by code', () => {
    for (const command of ['cid/base32', 'dag/stat', 'object/patch/add-link', 'routing/findprovs']) expect(() => { checkPassthrough(command, 'uc', []) }, command).not.toThrow()
    expect(() => { checkPassthrough('files/ls', 'uc', ['files']) }).not.toThrow()
    for (const command of ['files/ls', 'stats/bw', 'swarm/addrs', 'dagger', 'key/list']) {
      expect(() => { checkPassthrough(command, 'uc', []) }, command).toThrow(expect.objectContaining({ code: 'ERR_COMMAND_REFUSED', command, setting: `--cluster-passthrough ${command}`, status: 403, kuboCode: 4 }))
    }
    // pin/remote would pin outside the cluster's pinset: no setting forwards it
    expect(() => { checkPassthrough('pin/remote/add', 'uc', ['pin/remote']) }).toThrow(expect.objectContaining({ code: 'ERR_NOT_SUPPORTED' }))
  })
})
