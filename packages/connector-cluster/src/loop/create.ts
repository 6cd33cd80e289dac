import { randomUUID } from 'node:crypto'
import { NODE_ID_PATTERN } from '@composite-ipfs/interface'
import { InvalidConfigError } from '../errors.ts'
import { LoopDetector } from './loop-detector.ts'
import type { LoopDetectionInit } from '../init.ts'
import type { RestClient } from '../rest-client.ts'

/** The connector's loop detector, with its options checked; `undefined` when turned off */
export function createLoopDetector (rest: RestClient, label: string, init: LoopDetectionInit | false | undefined): LoopDetector | undefined {
  if (init === false) return undefined
  const nodeId = init?.nodeId ?? `cn-${randomUUID()}`
  if (!NODE_ID_PATTERN.test(nodeId)) {
    throw new InvalidConfigError('loopDetection.nodeId must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ : @ + = - and start with a letter or digit')
  }
  const maxDepth = init?.maxDepth ?? 8
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new InvalidConfigError(`loopDetection.maxDepth must be an integer of at least 1, got ${maxDepth}`)
  const peerCheckTtl = init?.peerCheckTtl ?? 30_000
  if (!Number.isInteger(peerCheckTtl) || peerCheckTtl < 0) throw new InvalidConfigError(`loopDetection.peerCheckTtl must be a whole number of ms, 0 or more, got ${peerCheckTtl}`)
  return new LoopDetector(rest, label, { nodeId, maxDepth, peerCheckTtl, logger: init?.logger })
}
