import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CertificateGenerationError } from './errors.ts'
import { registry } from './process-registry.ts'
import { runCommand } from './run-command.ts'

export interface TestCertificatesInit {
  /**
   * Subject alternative names of the server certificate (`IP:…` or `DNS:…`).
   *
   * @default ['IP:127.0.0.1', 'DNS:localhost']
   */
  altNames?: string[]
  /**
   * The CA's common name, to tell several CAs apart in errors.
   *
   * @default 'composite-ipfs test CA'
   */
  caName?: string
}

/** A private CA and a server certificate it signed, as files and as PEM text */
export interface TestCertificates {
  /** The folder holding the files; removed by `remove()` and at process exit */
  readonly dir: string
  readonly caFile: string
  readonly certFile: string
  readonly keyFile: string
  /** PEM text of the CA certificate (what a client trusts) */
  readonly ca: string
  /** PEM text of the server certificate and its RSA key */
  readonly cert: string
  readonly key: string
  remove(): Promise<void>
}

async function openssl (args: string[], cwd: string): Promise<void> {
  const result = await runCommand('openssl', args, { cwd }).catch((err: Error) => ({ code: -1, stdout: '', stderr: err.message }))
  if (result.code !== 0) throw new CertificateGenerationError(`openssl ${args[0]} failed (exit ${result.code}): ${result.stderr}`)
}

/**
 * Makes a private CA and an RSA server certificate for `127.0.0.1` with the `openssl` CLI, in a
 * temporary folder. RSA because ipfs-cluster's REST API only offers `ECDHE_RSA`/`RSA` cipher
 * suites to TLS 1.2 clients; the SAN because Go ignores the common name.
 *
 * @example
 *
 * ```ts
 * const certs = await testCertificates()
 * const uc = await startUndercluster({ peers: 1, restTls: { certFile: certs.certFile, keyFile: certs.keyFile, caFile: certs.caFile } })
 * const backend = clusterConnector({ rest: [{ url: uc.restUrls[0], tls: { ca: certs.ca } }] })
 * ```
 */
export async function testCertificates (init: TestCertificatesInit = {}): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'composite-ipfs-tls-'))
  registry.addDir(dir)
  const remove = async (): Promise<void> => {
    await rm(dir, { recursive: true, force: true })
    registry.removeDir(dir)
  }
  try {
    const altNames = (init.altNames ?? ['IP:127.0.0.1', 'DNS:localhost']).join(',')
    await writeFile(join(dir, 'server.ext'), `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${altNames}\n`)
    await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', 'ca.key', '-out', 'ca.pem',
      '-subj', `/CN=${init.caName ?? 'composite-ipfs test CA'}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir)
    await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir)
    await openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'server.pem', '-extfile', 'server.ext'], dir)
    const [ca, cert, key] = await Promise.all(['ca.pem', 'server.pem', 'server.key'].map(async (name) => await readFile(join(dir, name), 'utf8')))
    return { dir, caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key'), ca, cert, key, remove }
  } catch (err) {
    await remove()
    throw err
  }
}
