import { arg, bool, int, int64, string, uint } from './spec.ts'
import type { CommandSpec } from './spec.ts'

const fastProvide = [bool('fast-provide-root'), bool('fast-provide-dag'), bool('fast-provide-wait')]

export const add: CommandSpec = {
  path: 'add',
  args: [arg('path', true, true, 'file')],
  options: [
    bool('recursive', 'r'), bool('dereference-args'), string('stdin-name'), bool('hidden', 'H'),
    string('ignore'), string('ignore-rules-path'), bool('empty-dirs', 'E'), bool('dereference-symlinks'),
    bool('quiet', 'q'), bool('quieter', 'Q'), bool('silent'), bool('progress', 'p'), bool('only-hash', 'n'),
    bool('wrap-with-directory', 'w'), bool('pin'), string('pin-name'), string('to-files'), int('cid-version'),
    string('hash'), bool('raw-leaves'), string('chunker', 's'), bool('trickle', 't'), int('max-file-links'),
    int('max-directory-links'), int('max-hamt-fanout'), bool('inline'), int('inline-limit'), bool('nocopy'),
    bool('fscache'), bool('preserve-mode'), bool('preserve-mtime'), uint('mode'), int64('mtime'),
    uint('mtime-nsecs'), ...fastProvide
  ],
  output: 'stream',
  mutating: true
}

export const cat: CommandSpec = {
  path: 'cat',
  args: [arg('ipfs-path', true, true)],
  options: [int64('offset', 'o'), int64('length', 'l'), bool('progress', 'p')],
  output: 'bytes',
  mutating: false
}

export const get: CommandSpec = {
  path: 'get',
  args: [arg('ipfs-path', true, false)],
  options: [string('output', 'o'), bool('archive', 'a'), bool('compress', 'C'), int('compression-level', 'l'), bool('progress', 'p')],
  output: 'bytes',
  mutating: false
}

export const refs: CommandSpec = {
  path: 'refs',
  args: [arg('ipfs-path', true, true)],
  options: [string('format'), bool('edges', 'e'), bool('unique', 'u'), bool('recursive', 'r'), int('max-depth')],
  output: 'stream',
  mutating: false
}

export const refsLocal: CommandSpec = { path: 'refs/local', args: [], options: [], output: 'stream', mutating: false }

export const blockPut: CommandSpec = {
  path: 'block/put',
  args: [arg('data', true, true, 'file')],
  options: [string('cid-codec'), string('mhtype'), int('mhlen'), bool('pin'), bool('allow-big-block'), string('format', 'f')],
  output: 'stream',
  mutating: true
}

export const blockGet: CommandSpec = { path: 'block/get', args: [arg('cid', true, false)], options: [], output: 'bytes', mutating: false }

export const blockStat: CommandSpec = { path: 'block/stat', args: [arg('cid', true, false)], options: [], output: 'single', mutating: false }

export const blockRm: CommandSpec = {
  path: 'block/rm',
  args: [arg('cid', true, true)],
  options: [bool('force', 'f'), bool('quiet', 'q')],
  output: 'stream',
  mutating: true
}

export const dagPut: CommandSpec = {
  path: 'dag/put',
  args: [arg('object data', true, true, 'file')],
  options: [string('store-codec'), string('input-codec'), bool('pin'), string('hash'), bool('allow-big-block')],
  output: 'stream',
  mutating: true
}

/** Kubo's `pin-roots` default is `true`, applied by the handler (no `WithDefault` on the option) */
export const dagImport: CommandSpec = {
  path: 'dag/import',
  args: [arg('path', true, true, 'file')],
  options: [bool('pin-roots'), bool('local-only'), bool('silent'), bool('stats'), bool('allow-big-block'), ...fastProvide],
  output: 'stream',
  mutating: true
}

export const dagGet: CommandSpec = {
  path: 'dag/get',
  args: [arg('ref', true, false)],
  options: [string('output-codec')],
  output: 'bytes',
  mutating: false
}

export const dagExport: CommandSpec = {
  path: 'dag/export',
  args: [arg('root', true, false)],
  options: [bool('progress', 'p'), bool('local-only')],
  output: 'bytes',
  mutating: false
}
