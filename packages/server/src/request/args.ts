import { InvalidRequestError } from '@composite-ipfs/interface'
import type { ArgSpec, CommandSpec } from '@composite-ipfs/interface'

export interface AssignedArgs {
  /** Positional string values, as go-ipfs-cmds assigns them to the declared arguments */
  args: string[]
  /** The name of the first required file argument, if any */
  requiredFile?: string
}

/**
 * go-ipfs-cmds `parseRequest`: optional arguments are skipped when there are only enough values
 * for the required ones, a variadic argument takes the rest, and extra values are not an error.
 */
export function assignArgs (spec: CommandSpec, values: readonly string[]): AssignedArgs {
  let numRequired = spec.args.filter((arg) => arg.required).length
  let remaining = [...values]
  const args: string[] = []
  let requiredFile: string | undefined
  for (const argDef of spec.args) {
    if (values.length - args.length <= numRequired && !argDef.required) {
      continue
    }
    if (argDef.required) {
      numRequired--
    }
    if (argDef.kind === 'string') {
      if (argDef.variadic) {
        args.push(...remaining)
        remaining = []
      } else if (remaining.length > 0) {
        args.push(remaining[0])
        remaining = remaining.slice(1)
      } else {
        break
      }
    } else if (argDef.required && requiredFile === undefined) {
      requiredFile = argDef.name
    }
  }
  return { args, requiredFile }
}

/** The first required string argument without a value (`CheckArguments`) */
export function missingArg (spec: CommandSpec, args: readonly string[]): ArgSpec | undefined {
  let required = 0
  for (const argDef of spec.args) {
    if (argDef.kind !== 'string') {
      continue
    }
    if (!argDef.required) {
      return undefined
    }
    required++
    if (required > args.length) {
      return argDef
    }
  }
  return undefined
}

export function requiredArgError (arg: ArgSpec): InvalidRequestError {
  return new InvalidRequestError(`argument ${JSON.stringify(arg.name)} is required`)
}
