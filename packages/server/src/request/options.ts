import { globalOptions, InvalidRequestError, optionKey } from '@composite-ipfs/interface'
import { parseBool, parseInt64, parseUint64 } from './strconv.ts'
import type { CommandSpec, OptionSpec } from '@composite-ipfs/interface'

/** The declared options of a command (its own and the root's), by every accepted name */
const lookups = new WeakMap<CommandSpec, Map<string, OptionSpec>>()

export function optionLookup (spec: CommandSpec): Map<string, OptionSpec> {
  let lookup = lookups.get(spec)
  if (lookup === undefined) {
    lookup = new Map()
    for (const option of [...globalOptions, ...spec.options]) {
      for (const name of [option.name, ...(option.aliases ?? [])]) {
        lookup.set(name, option)
      }
    }
    lookups.set(spec, lookup)
  }
  return lookup
}

export interface CollectedQuery {
  /** `arg` values, after any argument taken from the URL path */
  stringArgs: string[]
  /** Declared options by canonical name, values still as strings */
  raw: Map<string, string[]>
}

/**
 * The first pass of go-ipfs-cmds `parseRequest` over the query: `arg` values are collected,
 * declared options are stored under their canonical name, and a repeated single-valued option
 * is refused. Unknown keys are ignored.
 */
export function collectQuery (spec: CommandSpec, query: Map<string, string[]>, pathArgs: string[]): CollectedQuery {
  const lookup = optionLookup(spec)
  const stringArgs = [...pathArgs]
  const raw = new Map<string, string[]>()
  for (const [key, values] of query) {
    if (key === 'arg') {
      stringArgs.push(...values)
      continue
    }
    const option = lookup.get(key)
    if (option === undefined) {
      continue
    }
    if (option.type !== 'strings' && values.length > 1) {
      throw new InvalidRequestError(`expected key ${option.name} to have only a single value, received [${values.join(' ')}]`)
    }
    raw.set(option.name, values)
  }
  return { stringArgs, raw }
}

function convert (option: OptionSpec, value: string): unknown {
  switch (option.type) {
    case 'bool': return value === '' ? true : parseBool(value)
    case 'int': return toNumber(parseInt64(value, 32))
    case 'uint': return toNumber(parseUint64(value, 32))
    case 'int64': return parseInt64(value, 64)
    case 'uint64': return parseUint64(value, 64)
    default: return value
  }
}

/** Go's `%q` (strconv.Quote) for the ASCII range: JSON escapes, but `\xNN` for other control bytes */
export function goQuote (value: string): string {
  return JSON.stringify(value)
    .replace(/\\u00([01][0-9a-f])/g, (_, hex: string) => hex === '07' ? '\\a' : hex === '0b' ? '\\v' : `\\x${hex}`)
    .replace(/\x7f/g, '\\x7f')
}

function toNumber (value: bigint | undefined): number | undefined {
  return value === undefined ? undefined : Number(value)
}

/**
 * The second pass (`checkAndConvertOptions`): typed values keyed by `optionKey` (camelCase).
 * int64 and uint64 options become `bigint`, int and uint become `number`.
 */
export function convertOptions (spec: CommandSpec, raw: Map<string, string[]>): Record<string, unknown> {
  const lookup = optionLookup(spec)
  const typed: Record<string, unknown> = {}
  for (const [name, values] of raw) {
    const option = lookup.get(name)
    if (option === undefined) {
      continue
    }
    if (option.type === 'strings') {
      typed[optionKey(name)] = values
      continue
    }
    const value = convert(option, values[0])
    if (value === undefined) {
      const shown = values[0] === '' ? 'empty value' : `value ${goQuote(values[0])}`
      throw new InvalidRequestError(`could not convert ${shown} to type "${option.type}" (for option "-${name}")`)
    }
    typed[optionKey(name)] = value
  }
  return typed
}
