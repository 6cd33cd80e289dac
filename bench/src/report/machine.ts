import { execFile } from 'node:child_process'
import { cpus, loadavg, release, totalmem, type } from 'node:os'
import { promisify } from 'node:util'
import { CLUSTER_VERSION, KUBO_VERSION } from '@composite-ipfs/testbed'

/** Facts about where and on what the benchmark ran */
export interface MachineFacts {
  cpuModel: string
  cpus: number
  totalMemGiB: number
  os: string
  node: string
  kubo: string
  ipfsCluster: string
  /** 1, 5 and 15 minute load averages when the run started (other work on the machine skews figures) */
  loadBefore: number[]
  /** The same when the run ended */
  loadAfter: number[]
}

/** CPU, memory, OS, load and daemon versions, from `os` and the testbed */
export function machineFacts (loadBefore: number[]): MachineFacts {
  const list = cpus()
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cpus: list.length,
    totalMemGiB: Math.round(totalmem() / 1024 ** 3 * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    kubo: KUBO_VERSION,
    ipfsCluster: CLUSTER_VERSION,
    loadBefore: loadBefore.map((n) => Math.round(n * 100) / 100),
    loadAfter: loadavg().map((n) => Math.round(n * 100) / 100)
  }
}

/** `git rev-parse --short HEAD` of the repository, or `nogit` */
export async function gitCommit (cwd: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', '--short', 'HEAD'], { cwd })
    const commit = stdout.trim()
    return /^[0-9a-f]{4,40}$/.test(commit) ? commit : 'nogit'
  } catch {
    return 'nogit'
  }
}

