import { CommandError } from '@composite-ipfs/interface'
import { bytes, method, shape, shaper, single, stream, mapStream } from './types.ts'
import type { Handler } from './types.ts'

export const cat: Handler = async (backend, call) =>
  bytes(await method(backend, 'cat')(call.args, call.options), 'text/plain')

/** A tar, or gzip with `compress` (Kubo checks the level before anything is sent) */
export const get: Handler = async (backend, call) => {
  const compress = call.options.compress === true
  const level = call.options.compressionLevel
  if (compress && typeof level === 'number' && (level < 1 || level > 9)) {
    throw new CommandError('compression level must be between 1 and 9')
  }
  return bytes(await method(backend, 'get')(call.args[0], call.options), compress ? 'application/gzip' : 'application/x-tar')
}

export const blockGet: Handler = async (backend, call) =>
  bytes(await method(backend, 'blockGet')(call.args[0], call.options), 'application/vnd.ipld.raw')

/** Kubo emits the encoded node as a reader, which the JSON encoding labels `text/plain` */
export const dagGet: Handler = async (backend, call) =>
  bytes(await method(backend, 'dagGet')(call.args[0], call.options), 'text/plain')

export const dagExport: Handler = async (backend, call) =>
  bytes(await method(backend, 'dagExport')(call.args[0], call.options), 'application/vnd.ipld.car')

export const blockStat: Handler = async (backend, call) =>
  single(shape(await method(backend, 'blockStat')(call.args[0], call.options), [['Key', false, ''], ['Size', false, 0]]))

export const blockRm: Handler = async (backend, call) =>
  stream(mapStream(method(backend, 'blockRm')(call.args, call.options), blockRmLine))

/** `Ref` and `Err` are both always present */
const refLine = shaper([['Ref', false, ''], ['Err', false, '']])
const blockRmLine = shaper([['Hash', true], ['Error', true]])

export const refs: Handler = async (backend, call) =>
  stream(mapStream(method(backend, 'refs')(call.args, call.options), refLine))

export const refsLocal: Handler = async (backend, call) =>
  stream(mapStream(method(backend, 'refsLocal')(call.options), refLine))
