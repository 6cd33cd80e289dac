import { commands } from '@composite-ipfs/interface'
import { describe, expect, it } from 'vitest'
import { assignArgs, missingArg } from '../../src/request/args.ts'
import { mergeStdinArgs, scanLines } from '../../src/request/stdin-args.ts'

describe('argument assignment', () => {
  it('gives a variadic argument every value', () => {
    expect(assignArgs(commands.cat, ['a', 'b']).args).toEqual(['a', 'b'])
    expect(assignArgs(commands.pinLs, []).args).toEqual([])
  })

  it('ignores extra values of a single argument, like Kubo over HTTP', () => {
    expect(assignArgs(commands.id, ['a', 'b']).args).toEqual(['a'])
    expect(assignArgs(commands.pinUpdate, ['a', 'b', 'c']).args).toEqual(['a', 'b'])
  })

  it('names the required file argument', () => {
    expect(assignArgs(commands.add, []).requiredFile).toBe('path')
    expect(assignArgs(commands.dagPut, []).requiredFile).toBe('object data')
    expect(assignArgs(commands.pinAdd, []).requiredFile).toBeUndefined()
  })

  it('finds the first missing required argument', () => {
    expect(missingArg(commands.pinAdd, [])?.name).toBe('ipfs-path')
    expect(missingArg(commands.pinUpdate, ['a'])?.name).toBe('to-path')
    expect(missingArg(commands.pinUpdate, ['a', 'b'])).toBeUndefined()
    expect(missingArg(commands.id, [])).toBeUndefined()
  })
})

describe('arguments from the body (EnableStdin)', () => {
  it('scans lines like arguments.Scan', () => {
    expect(scanLines('a\nb\r\nc')).toEqual(['a', 'b', 'c'])
    expect(scanLines('a\n\nb\n')).toEqual(['a', '', 'b'])
    expect(scanLines('')).toEqual([])
  })

  it('fills a missing argument, and appends the rest for ParseBodyArgs commands', () => {
    expect(mergeStdinArgs([], ['a', 'b'], true, 'one')).toEqual(['a'])
    expect(mergeStdinArgs([], ['a', 'b'], true, 'all')).toEqual(['a', 'b'])
    expect(mergeStdinArgs(['q'], ['a', 'b'], false, 'all')).toEqual(['q', 'a', 'b'])
    expect(mergeStdinArgs(['q'], ['a'], false, 'one')).toEqual(['q'])
  })
})
