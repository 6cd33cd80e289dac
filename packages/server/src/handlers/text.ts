import { CommandError } from '@composite-ipfs/interface'
import type { HandlerCall } from './types.ts'

type Value = Record<string, any>
/** Writes one value in Kubo's text encoding for a command */
export type TextEncoder = (value: Value, call: HandlerCall) => string

const lines = (items: unknown[] | undefined, format: (item: any) => string): string =>
  (items ?? []).map((item) => `${format(item)}\n`).join('')

function versionText (v: Value, { options: o }: HandlerCall): string {
  if (o.all === true) {
    const ver = v.Commit !== undefined && v.Commit !== '' ? `${v.Version}-${v.Commit}` : v.Version
    return `Kubo version: ${ver}\nRepo version: ${v.Repo}\nSystem version: ${v.System}\nGolang version: ${v.Golang}\n`
  }
  const commit = o.commit === true && v.Commit !== undefined && v.Commit !== '' ? `-${v.Commit}` : ''
  if (o.repo === true) {
    return `${v.Repo}\n`
  }
  return o.number === true ? `${v.Version}${commit}\n` : `ipfs version ${v.Version}${commit}\n`
}

function pinLsText (v: Value, { options: o }: HandlerCall): string {
  const line = (cid: string, type: string, name?: string): string =>
    o.quiet === true ? `${cid}\n` : name === undefined || name === '' ? `${cid} ${type}\n` : `${cid} ${type} ${name}\n`
  if (v.Cid !== undefined) {
    return line(v.Cid, v.Type, v.Name)
  }
  return Object.entries((v.Keys ?? {}) as Record<string, Value>).map(([cid, pin]) => line(cid, pin.Type, pin.Name)).join('')
}

function refText (v: Value): string {
  if (v.Err !== undefined && v.Err !== '') {
    throw new CommandError(v.Err)
  }
  return `${v.Ref}\n`
}

function gcText (v: Value, { options: o }: HandlerCall): string {
  if (o.silent === true) {
    return ''
  }
  if (v.Error !== undefined && v.Error !== '') {
    return `Error: ${v.Error}\n`
  }
  return `${o.quiet === true ? '' : 'removed '}${v.Key?.['/'] ?? ''}\n`
}

function dagImportText (v: Value, { options: o }: HandlerCall): string {
  if (o.silent === true) return ''
  if (v.Root === undefined) {
    return o.stats === true ? `Imported ${v.Stats?.BlockCount} blocks (${v.Stats?.BlockBytesCount} bytes)\n` : ''
  }
  const cid = v.Root.Cid?.['/']
  if (v.Root.PinErrorMsg !== undefined && v.Root.PinErrorMsg !== '') {
    throw new CommandError(`pinning root "${cid}" FAILED: ${v.Root.PinErrorMsg}`)
  }
  return `Pinned root\t${cid}\tsuccess\n`
}

/**
 * Kubo's `Encoders[cmds.Text]` for the typed commands whose text form is simple. Commands
 * without one here are written as JSON lines under `text/plain`.
 */
export const TEXT_ENCODERS: Readonly<Record<string, TextEncoder>> = {
  version: versionText,
  'pin/add': (v, { options: o }) => v.Pins === undefined ? '' : lines(v.Pins, (cid) => `pinned ${cid} ${o.recursive === false ? 'directly' : 'recursively'}`),
  'pin/rm': (v) => lines(v.Pins, (cid) => `unpinned ${cid}`),
  'pin/update': (v) => `updated ${v.Pins?.[0]} to ${v.Pins?.[1]}\n`,
  'pin/ls': pinLsText,
  refs: refText,
  'refs/local': refText,
  resolve: (v) => `${v.Path}\n`,
  'name/resolve': (v) => `${v.Path}\n`,
  'block/stat': (v) => `Key: ${v.Key}\nSize: ${v.Size}\n`,
  'block/put': (v) => `${v.Key}\n`,
  'dag/put': (v) => `${v.Cid?.['/']}\n`,
  'dag/import': dagImportText,
  'swarm/connect': (v) => lines(v.Strings, String),
  'repo/gc': gcText
}
