import { drainEach, method, shaper, single, stream, mapStream } from './types.ts'
import type { Handler } from './types.ts'
import type { PinAddEvent, PinLsEntry } from '@composite-ipfs/interface'

const pinAddLine = shaper([['Pins', true], ['Progress', true], ['Bytes', true]])
const pinLsLine = shaper([['Cid', true], ['Name', true], ['Type', true]])

/**
 * Without `progress`, one `{"Pins":[...]}` (kubo-rpc-client parses any other line as a CID).
 * With it, a stream of progress lines (`{}` for a tick with nothing new) and the final Pins.
 */
export const pinAdd: Handler = async (backend, call) => {
  const events = method(backend, 'pinAdd')(call.args, call.options)
  if (call.options.progress === true) {
    return stream(mapStream(events, pinAddLine))
  }
  const pins: string[] = []
  await drainEach(events, call.options.signal, (event: PinAddEvent) => { pins.push(...(event.Pins ?? [])) })
  return single({ Pins: pins })
}

export const pinRm: Handler = async (backend, call) =>
  single(await method(backend, 'pinRm')(call.args, call.options))

export const pinUpdate: Handler = async (backend, call) =>
  single(await method(backend, 'pinUpdate')(call.args[0], call.args[1], call.options))

export const pinVerify: Handler = async (backend, call) =>
  stream(method(backend, 'pinVerify')(call.options))

/**
 * Stream lines are `{Cid, Name?, Type}` with an empty Name omitted; the non-stream answer is
 * `{"Keys":{cid:{Type,Name}}}` with sorted keys and Name always present, or `{}` when empty.
 */
export const pinLs: Handler = async (backend, call) => {
  const entries = method(backend, 'pinLs')(call.args, call.options)
  if (call.options.stream === true) {
    return stream(mapStream(entries, pinLsLine))
  }
  const keys = new Map<string, { Type: string, Name: string }>()
  await drainEach(entries, call.options.signal, (entry: PinLsEntry) => {
    keys.set(entry.Cid, { Type: entry.Type, Name: entry.Name ?? '' })
  })
  if (keys.size === 0) {
    return single({})
  }
  const sorted = [...keys.keys()].sort()
  return single({ Keys: Object.fromEntries(sorted.map((cid) => [cid, keys.get(cid)])) })
}
