export interface LoopGuardInit {
  /**
   * This composite node's ID, unique within a composition and stable across restarts (see
   * `nodeIdFor` and `persistentNodeId`). Two nodes with one ID would refuse each other's
   * requests as loops.
   */
  nodeId: string
  /**
   * Refuse a request that already went through this many composite nodes. Bounds loops that
   * carry no IDs (through an ipfs-cluster, which drops our headers) and runaway depth.
   *
   * @default 8
   */
  maxDepth?: number
}
