#!/usr/bin/env node
/**
 * `pnpm daemons [--peers N] [--proxy] [--replication-min N] [--replication-max N]`:
 * starts an undercluster (Kubos driven by ipfs-cluster peers) on loopback for manual
 * experiments, until Ctrl-C. Plain Node; runs the testbed's TypeScript through tsx.
 */
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)))
const entry = join(ROOT, 'packages', 'testbed', 'src', 'bin', 'daemons.ts')
const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', entry, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' })
// Ctrl-C reaches the child through the terminal's process group; only forward a TERM
process.on('SIGINT', () => {})
process.on('SIGTERM', () => { child.kill('SIGTERM') })
child.on('exit', (code, signal) => { process.exit(code ?? (signal === null ? 0 : 1)) })
