/**
 * @packageDocumentation
 *
 * The `composite-ipfs` command: serves the Kubo RPC API (`/api/v0/...`) from a Kubo daemon or
 * from an ipfs-cluster, so that any Kubo client, and ipfs-cluster itself, can use it as its
 * IPFS daemon.
 *
 * ```sh
 * composite-ipfs serve --listen /ip4/127.0.0.1/tcp/5001 --kubo http://127.0.0.1:5002
 * COMPOSITE_IPFS_CLUSTER_TOKEN=... composite-ipfs serve --cluster http://127.0.0.1:9094 \
 *   --cluster-ipfs http://127.0.0.1:5002 --cluster-ipfs http://127.0.0.1:5003
 * ```
 *
 * The same runs in-process through {@link runCli}, which tests and wrappers use.
 *
 * @example
 *
 * ```ts
 * import { runCli } from '@composite-ipfs/cli'
 *
 * const code = await runCli(['serve', '--config', 'composite-ipfs.json'])
 * ```
 */

export { runCli, USAGE } from './run-cli.ts'
export type { RunCliOptions } from './run-cli.ts'
export { parseServeArgs, SERVE_USAGE } from './args.ts'
export type { ServeArgs } from './args.ts'
export { loadConfigFile, resolveConfig, validateConfig } from './config.ts'
export type { ResolvedServeConfig, ServeConfig } from './config.ts'
export type { ResolvedTrust, TrustConfig } from './trust-config.ts'
export { InvalidConfigError } from './errors.ts'
export type { CliIo } from './io.ts'
