/** The hop headers, state keys and node-ID rule live in the interface package (one home) */
export { COMPOSITE_HOPS_HEADER, COMPOSITE_VIA_HEADER, HOPS_STATE_KEY, NODE_ID_PATTERN, VIA_STATE_KEY } from '@composite-ipfs/interface'

/** @default for `LoopGuardInit.maxDepth` */
export const DEFAULT_MAX_DEPTH = 8
