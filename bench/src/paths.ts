import type { BenchPath } from './interleave.ts'

/** The ways of reaching the same function that the benchmark compares */
export const PATHS = {
  kubo: { id: 'kubo', label: 'Kubo (direct)' },
  composite: { id: 'composite', label: 'composite node → Kubo' },
  proxy: { id: 'proxy', label: 'ipfs-cluster proxy' },
  compositeCluster: { id: 'composite-cluster', label: 'composite node → cluster' },
  /** A minimal Node.js reverse proxy in front of the same Kubo: what any Node.js hop costs (small-rpc) */
  floor: { id: 'floor', label: 'bare Node proxy (floor)' },
  rest: { id: 'rest', label: 'cluster REST (direct)' }
} as const satisfies Record<string, BenchPath>
