import { CommandError, sortKeys } from '@composite-ipfs/interface'
import { drainEach, method, shaper, single, stream, mapStream } from './types.ts'
import type { Handler } from './types.ts'
import type { PathResult, RepoStat } from '@composite-ipfs/interface'

/** An empty argument (`/api/v0/id/`) is passed on: Kubo answers it with `invalid peer id` */
export const id: Handler = async (backend, call) =>
  single(await method(backend, 'id')(call.args[0], call.options))

export const version: Handler = async (backend, call) =>
  single(await method(backend, 'version')(call.options))

/** Kubo re-encodes the config as a map, so every level comes out with sorted keys */
export const configShow: Handler = async (backend, call) =>
  single(sortKeys(await method(backend, 'configShow')(call.options)))

export const swarmPeers: Handler = async (backend, call) =>
  single(await method(backend, 'swarmPeers')(call.options))

export const swarmConnect: Handler = async (backend, call) =>
  single(await method(backend, 'swarmConnect')(call.args, call.options))

export const resolve: Handler = async (backend, call) =>
  single(await method(backend, 'resolve')(call.args[0], call.options))

/** One `{Path}` (the last one the backend yields), or a stream of them with `stream=true` */
export const nameResolve: Handler = async (backend, call) => {
  const paths = method(backend, 'nameResolve')(call.args[0], call.options)
  if (call.options.stream === true) {
    return stream(paths)
  }
  let last: PathResult | undefined
  await drainEach(paths, call.options.signal, (path: PathResult) => { last = path })
  if (last === undefined) {
    throw new CommandError('could not resolve name')
  }
  return single(last)
}

/** All five keys always; with `size-only` Kubo zeroes the three it does not compute */
export const repoStat: Handler = async (backend, call) => {
  const stat: RepoStat = await method(backend, 'repoStat')(call.options)
  const sizeOnly = call.options.sizeOnly === true
  return single({
    RepoSize: stat.RepoSize,
    StorageMax: stat.StorageMax,
    NumObjects: sizeOnly ? 0n : stat.NumObjects,
    RepoPath: sizeOnly ? '' : stat.RepoPath,
    Version: sizeOnly ? '' : stat.Version
  })
}

/** `Key` is a `{"/":cid}` link, `null` on an error line */
const gcLine = shaper([['Key', false], ['Error', true]])

export const repoGc: Handler = async (backend, call) =>
  stream(mapStream(method(backend, 'repoGc')(call.options), gcLine))
