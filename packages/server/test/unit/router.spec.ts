import { describe, expect, it } from 'vitest'
import { apiPath, routeOf } from '../../src/router.ts'

describe('routing', () => {
  it('finds typed commands by path', () => {
    expect(routeOf('pin/add')).toMatchObject({ kind: 'typed', command: 'pin/add', name: 'pinAdd', pathArgs: [] })
    expect(routeOf('refs/local')).toMatchObject({ kind: 'typed', name: 'refsLocal' })
  })

  it('takes a last segment that is not a subcommand as the first argument', () => {
    expect(routeOf('pin/add/QmX')).toMatchObject({ kind: 'typed', command: 'pin/add', pathArgs: ['QmX'] })
    expect(routeOf('refs/QmX')).toMatchObject({ kind: 'typed', command: 'refs', pathArgs: ['QmX'] })
    expect(routeOf('id/')).toMatchObject({ kind: 'typed', command: 'id', pathArgs: [''] })
  })

  it('leaves every other command untyped', () => {
    expect(routeOf('files/ls')).toEqual({ kind: 'untyped', command: 'files/ls' })
    expect(routeOf('pin/add/a/b')).toEqual({ kind: 'untyped', command: 'pin/add/a/b' })
    expect(routeOf('')).toEqual({ kind: 'untyped', command: '' })
  })

  it('only accepts paths under /api/v0/, decoded', () => {
    expect(apiPath('/api/v0/pin/add')).toBe('pin/add')
    expect(apiPath('/api/v0/pin/add/Qm%20x')).toBe('pin/add/Qm x')
    expect(apiPath('/api/v0')).toBeUndefined()
    expect(apiPath('/api/v0foo')).toBeUndefined()
    expect(apiPath('/ipfs/Qm')).toBeUndefined()
  })
})
