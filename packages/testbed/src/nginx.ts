import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DaemonProcess } from './daemon-process.ts'
import { DaemonStartError } from './errors.ts'
import { freePort } from './free-port.ts'
import { runCommand } from './run-command.ts'
import { waitFor } from './wait-for.ts'

export interface NginxInit {
  /** What nginx proxies to: `http://127.0.0.1:PORT` (a composite node) */
  upstream: string
  /** Serve HTTPS too, with this key pair (PEM files) */
  tls?: { certFile: string, keyFile: string }
  /**
   * Directives of the proxying `location /`, after `proxy_pass`
   *
   * @default NGINX_RECOMMENDED (see docs/operations.md)
   */
  location?: string[]
  /**
   * Progress messages (the first run may install nginx)
   *
   * @default () => {}
   */
  log?: (message: string) => void
}

/** A running nginx reverse proxy on loopback */
export interface Nginx {
  /** `http://127.0.0.1:PORT` */
  readonly httpUrl: string
  /** `/ip4/127.0.0.1/tcp/PORT`: what `ipfs --api` and ipfs-cluster's `node_multiaddress` take */
  readonly httpMultiaddr: string
  /** `https://127.0.0.1:PORT`, with `tls` */
  readonly httpsUrl?: string
  /** `/ip4/127.0.0.1/tcp/PORT/https`, with `tls` */
  readonly httpsMultiaddr?: string
  /** The configuration file nginx runs with */
  readonly config: string
  logs(): string
  stop(): Promise<void>
}

/**
 * What docs/operations.md recommends in front of a composite node: stream both ways (no
 * buffering of uploads or answers, so `add`, `cat` and progress lines flow), no body size limit,
 * long timeouts (a `pin/add` waits until the pin is done). `proxy_http_version` stays nginx's
 * default, 1.0: a composite node speaks it.
 */
export const NGINX_RECOMMENDED = [
  'proxy_buffering off;',
  'proxy_request_buffering off;',
  'client_max_body_size 0;',
  'proxy_read_timeout 1h;',
  'proxy_send_timeout 1h;'
]
// (the same list is in docs/operations.md, which shows it to operators)

/**
 * The nginx binary: on `PATH` (or `NGINX_BIN`), else installed from Debian's packages
 * (`apt-get install nginx-light`), so CI on a clean machine has it too.
 */
export async function nginxBinary (log: (message: string) => void = () => {}): Promise<string> {
  const candidates = [process.env.NGINX_BIN, 'nginx', '/usr/sbin/nginx'].filter((c): c is string => c !== undefined && c !== '')
  for (const candidate of candidates) {
    if ((await runCommand(candidate, ['-v']).catch(() => ({ code: 1 }))).code === 0) return candidate
  }
  log('nginx is missing: installing it from Debian\'s packages (apt-get install nginx-light)')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'nginx-light']]) {
    const result = await runCommand('apt-get', args, { env })
    if (result.code !== 0) throw new DaemonStartError(`apt-get ${args.join(' ')} failed (code ${String(result.code)}): ${result.stderr}`)
  }
  return '/usr/sbin/nginx'
}

/**
 * Starts nginx as a reverse proxy in front of `upstream`, on loopback ports of its own, in a
 * temporary prefix, as a single process (`master_process off`) registered for kill-on-exit.
 *
 * @example
 * ```ts
 * const proxy = await startNginx({ upstream: node.url, tls: { certFile, keyFile } })
 * await fetch(`${proxy.httpUrl}/api/v0/version`, { method: 'POST' })
 * await proxy.stop()
 * ```
 */
export async function startNginx (init: NginxInit): Promise<Nginx> {
  const bin = await nginxBinary(init.log)
  const dir = await mkdtemp(join(tmpdir(), 'composite-nginx-'))
  // nginx cannot be given port 0: take free ports, and take others when one was taken meanwhile
  for (let attempt = 1; ; attempt++) {
    const [httpPort, httpsPort] = [await freePort(), init.tls === undefined ? undefined : await freePort()]
    const config = join(dir, 'nginx.conf')
    await writeFile(config, nginxConfig(init, dir, httpPort, httpsPort))
    const daemon = new DaemonProcess({ name: 'nginx', command: bin, args: ['-p', dir, '-c', config, '-e', join(dir, 'error.log')], env: process.env, logBytes: 64 * 1024 })
    try {
      await waitFor(async () => {
        if (!daemon.running) throw new DaemonStartError(`nginx exited:\n${daemon.logTail()}`)
        return await accepts(httpPort) && (httpsPort === undefined || await accepts(httpsPort))
      }, { timeoutMs: 10_000, intervalMs: 50, message: 'nginx to listen' })
    } catch (err) {
      await daemon.stop(2_000)
      if (attempt < 3 && /Address already in use/.test(daemon.logs())) continue
      await rm(dir, { recursive: true, force: true })
      throw err
    }
    return {
      httpUrl: `http://127.0.0.1:${httpPort}`,
      httpMultiaddr: `/ip4/127.0.0.1/tcp/${httpPort}`,
      httpsUrl: httpsPort === undefined ? undefined : `https://127.0.0.1:${httpsPort}`,
      httpsMultiaddr: httpsPort === undefined ? undefined : `/ip4/127.0.0.1/tcp/${httpsPort}/https`,
      config,
      logs: () => daemon.logs(),
      async stop () {
        await daemon.stop(5_000)
        await rm(dir, { recursive: true, force: true })
      }
    }
  }
}

function nginxConfig (init: NginxInit, dir: string, httpPort: number, httpsPort: number | undefined): string {
  const location = (init.location ?? NGINX_RECOMMENDED).map(line => `      ${line}`).join('\n')
  const tls = httpsPort === undefined || init.tls === undefined
    ? ''
    : `    listen 127.0.0.1:${httpsPort} ssl;
    ssl_certificate ${init.tls.certFile};
    ssl_certificate_key ${init.tls.keyFile};
`
  return `daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  server {
    listen 127.0.0.1:${httpPort};
${tls}    location / {
      proxy_pass ${init.upstream};
${location}
    }
  }
}
`
}

async function accepts (port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => { resolve(false) })
  })
}
