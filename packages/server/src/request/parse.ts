import { InvalidRequestError } from '@composite-ipfs/interface'
import { assignArgs, missingArg, requiredArgError } from './args.ts'
import { checkDeclaredLength, multipartBoundary, readStdinLines } from './body.ts'
import { collectQuery, convertOptions } from './options.ts'
import { parseQuery } from './query.ts'
import { mergeStdinArgs, STDIN_ARGS } from './stdin-args.ts'
import { readParts } from '../multipart/parts.ts'
import { toEntries } from '../multipart/entries.ts'
import type { TypedRoute } from '../router.ts'
import type { CommandSpec, FileEntry } from '@composite-ipfs/interface'
import type { IncomingMessage } from 'node:http'

/** A parsed command request */
export interface CommandCall {
  /** The command path, e.g. `pin/add` */
  command: string
  spec: CommandSpec
  /** Positional string arguments */
  args: string[]
  /** Typed options keyed by `optionKey`, global ones included */
  options: Record<string, unknown>
  /** Declared options as received, by canonical name */
  raw: Map<string, string[]>
  /** The upload, for commands with a file argument */
  entries?: AsyncIterable<FileEntry>
}

export interface ParseLimits {
  /** Largest body of a command that takes no upload */
  maxBodySize: number
  rejectPathTraversal: boolean
  /** Longest upload file path, in bytes */
  maxPathLength: number
  /** Deepest upload file path, in segments */
  maxPathDepth: number
}

function rawQuery (req: IncomingMessage): string {
  const url = req.url ?? ''
  const question = url.indexOf('?')
  return question === -1 ? '' : url.slice(question + 1).split('#')[0]
}

/**
 * go-ipfs-cmds `parseRequest` and `CheckArguments`, in Kubo's order: repeated options, the
 * required file argument, option values, then required arguments (possibly from the body).
 * Every failure is an `InvalidRequestError`, answered 400 text/plain.
 */
export async function parseCall (req: IncomingMessage, route: TypedRoute, limits: ParseLimits): Promise<CommandCall> {
  const { spec } = route
  const takesUpload = spec.args.some((arg) => arg.kind === 'file')
  if (!takesUpload) {
    checkDeclaredLength(req, limits.maxBodySize)
  }
  const { stringArgs, raw } = collectQuery(spec, parseQuery(rawQuery(req)), route.pathArgs)
  const assigned = assignArgs(spec, stringArgs)
  const boundary = multipartBoundary(req)
  if (assigned.requiredFile !== undefined && boundary === undefined) {
    throw new InvalidRequestError(`file argument '${assigned.requiredFile}' is required`)
  }
  const options = convertOptions(spec, raw)
  let args = assigned.args
  const missing = missingArg(spec, args)
  const stdin = STDIN_ARGS[spec.path]
  if (boundary !== undefined && !takesUpload && stdin !== undefined && (missing !== undefined || stdin === 'all')) {
    const lines = await readStdinLines(req, boundary, limits.maxBodySize)
    args = mergeStdinArgs(args, lines, missing !== undefined, stdin)
  }
  const stillMissing = missingArg(spec, args)
  if (stillMissing !== undefined) {
    throw requiredArgError(stillMissing)
  }
  const call: CommandCall = { command: spec.path, spec, args, options, raw }
  if (takesUpload && boundary !== undefined) {
    call.entries = toEntries(readParts(req, boundary), limits)
  }
  return call
}
