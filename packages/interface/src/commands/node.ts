import { arg, bool, int, string, uint } from './spec.ts'
import type { CommandSpec } from './spec.ts'

const fastProvide = [bool('fast-provide-root'), bool('fast-provide-dag'), bool('fast-provide-wait')]

export const id: CommandSpec = {
  path: 'id',
  args: [arg('peerid', false, false)],
  options: [string('format', 'f'), string('peerid-base')],
  output: 'single',
  mutating: false
}

export const version: CommandSpec = {
  path: 'version',
  args: [],
  options: [bool('number', 'n'), bool('commit'), bool('repo'), bool('all')],
  output: 'single',
  mutating: false
}

export const pinAdd: CommandSpec = {
  path: 'pin/add',
  args: [arg('ipfs-path', true, true)],
  options: [bool('recursive', 'r'), string('name', 'n'), bool('progress'), ...fastProvide],
  output: 'single',
  mutating: true
}

export const pinRm: CommandSpec = {
  path: 'pin/rm',
  args: [arg('ipfs-path', true, true)],
  options: [bool('recursive', 'r')],
  output: 'single',
  mutating: true
}

export const pinLs: CommandSpec = {
  path: 'pin/ls',
  args: [arg('ipfs-path', false, true)],
  options: [string('type', 't'), bool('quiet', 'q'), string('name', 'n'), bool('stream', 's'), bool('names')],
  output: 'single',
  mutating: false
}

export const pinUpdate: CommandSpec = {
  path: 'pin/update',
  args: [arg('from-path', true, false), arg('to-path', true, false)],
  options: [bool('unpin'), ...fastProvide],
  output: 'single',
  mutating: true
}

export const pinVerify: CommandSpec = {
  path: 'pin/verify',
  args: [],
  options: [bool('verbose'), bool('quiet', 'q')],
  output: 'stream',
  mutating: false
}

export const repoStat: CommandSpec = {
  path: 'repo/stat',
  args: [],
  options: [bool('size-only', 's'), bool('human')],
  output: 'single',
  mutating: false
}

export const repoGc: CommandSpec = {
  path: 'repo/gc',
  args: [],
  options: [bool('stream-errors'), bool('quiet', 'q'), bool('silent')],
  output: 'stream',
  mutating: true
}

export const swarmPeers: CommandSpec = {
  path: 'swarm/peers',
  args: [],
  options: [bool('verbose', 'v'), bool('streams'), bool('latency'), bool('direction'), bool('identify')],
  output: 'single',
  mutating: false
}

export const swarmConnect: CommandSpec = {
  path: 'swarm/connect',
  args: [arg('address', true, true)],
  options: [],
  output: 'single',
  mutating: true
}

export const configShow: CommandSpec = { path: 'config/show', args: [], options: [], output: 'single', mutating: false }

export const resolve: CommandSpec = {
  path: 'resolve',
  args: [arg('name', true, false)],
  options: [bool('recursive', 'r'), int('dht-record-count', 'dhtrc'), string('dht-timeout', 'dhtt')],
  output: 'single',
  mutating: false
}

export const nameResolve: CommandSpec = {
  path: 'name/resolve',
  args: [arg('name', false, false)],
  options: [bool('recursive', 'r'), bool('nocache', 'n'), uint('dht-record-count', 'dhtrc'), string('dht-timeout', 'dhtt'), bool('stream', 's')],
  output: 'single',
  mutating: false
}
