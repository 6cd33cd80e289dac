import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent, request } from 'undici'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { printLogsOnFailure, startKubo } from '@composite-ipfs/testbed'
import { makeCerts } from '../fixtures/certs.ts'
import { killCli, startCli } from '../fixtures/cli-process.ts'
import type { KuboDaemon } from '@composite-ipfs/testbed'
import type { TestCerts } from '../fixtures/certs.ts'
import type { CliProcess } from '../fixtures/cli-process.ts'
import type { Dispatcher } from 'undici'

const TOKEN = 'k33p-th1s-0ut-of-argv'
const BEARER = { authorization: `Bearer ${TOKEN}` }
/** Kubo's 403 body (`http.Error` adds the newline) */
const DENIED = 'Kubo RPC Access Denied: Please provide a valid authorization token as defined in the API.Authorizations configuration.\n'
const OPEN_WARNING = /WARNING: the Kubo RPC API on \/ip4\/0\.0\.0\.0\/tcp\/\d+\S* has no API\.Authorizations/

interface Answer { status: number, headers: Record<string, unknown>, text: string }

async function post (url: string, path: string, headers: Record<string, string> = {}, dispatcher?: Dispatcher, body?: { data: string, type: string }): Promise<Answer> {
  const res = await request(`${url}${path}`, { method: 'POST', headers: { ...headers, ...(body === undefined ? {} : { 'content-type': body.type }) }, body: body?.data, dispatcher })
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() }
}

/** A one-file multipart body whose file name climbs out of the upload root */
function climbingUpload (): { data: string, type: string } {
  const boundary = 'composite-boundary'
  const data = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../escape.txt"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n--${boundary}--\r\n`
  return { data, type: `multipart/form-data; boundary=${boundary}` }
}

describe('composite-ipfs serve trust settings (real CLI in front of a real Kubo)', () => {
  let kubo: KuboDaemon | undefined
  let dir: string
  let certs: TestCerts
  let authFile: string
  const clis: CliProcess[] = []
  const agents: Agent[] = []

  const start = async (args: string[], env: Record<string, string> = {}): Promise<CliProcess> => {
    const cli = await startCli(['serve', ...args], env)
    clis.push(cli)
    return cli
  }
  const agent = (options: ConstructorParameters<typeof Agent>[0]): Agent => {
    const created = new Agent(options)
    agents.push(created)
    return created
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-trust-'))
    ;[kubo, certs] = await Promise.all([startKubo(), makeCerts(dir)])
    authFile = join(dir, 'auth.json')
    await writeFile(authFile, JSON.stringify({ ops: { AuthSecret: `bearer:${TOKEN}`, AllowedPaths: ['/api/v0'] } }), { mode: 0o600 })
  })
  beforeEach(printLogsOnFailure(() => [kubo, ...clis]))
  afterEach(async () => {
    for (const cli of clis.splice(0)) await killCli(cli)
  })
  afterAll(async () => {
    await Promise.all(agents.map(async (a) => { await a.close() }))
    await kubo?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('--api-auth-file: 403 with Kubo\'s text without the secret, 200 with it; a 0600 unix socket; loopGuard; .. refused', async () => {
    const socket = join(dir, 'api.sock')
    const cli = await start(['--listen', '/ip4/0.0.0.0/tcp/0', '--listen', `/unix${socket}`, '--socket-mode', '0600',
      '--api-auth-file', authFile, '--node-id', 'node-cli', '--kubo', kubo!.apiUrl])
    const [tcp] = cli.addresses
    const url = tcp!.url.replace('0.0.0.0', '127.0.0.1')

    const denied = await post(url, '/api/v0/id')
    expect(denied).toMatchObject({ status: 403, text: DENIED })
    expect(denied.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect((await post(url, '/api/v0/id', { authorization: `Bearer ${TOKEN}x` })).status).toBe(403)
    const id = await post(url, '/api/v0/id', BEARER)
    expect(id.status).toBe(200)
    expect(JSON.parse(id.text).ID).toBe(kubo!.peerId)

    // only this user may connect to the socket; through it the same secret is needed
    expect((await stat(socket)).mode & 0o777).toBe(0o600)
    const overSocket = agent({ connect: { socketPath: socket } })
    expect((await post('http://localhost', '/api/v0/id', {}, overSocket)).status).toBe(403)
    expect((await post('http://localhost', '/api/v0/version', BEARER, overSocket)).status).toBe(200)

    // loopGuard is always installed, with the node ID given
    expect(cli.stdout()).toContain('Composite node ID node-cli')
    const loop = await post(url, '/api/v0/id', { ...BEARER, 'x-composite-via': 'other, node-cli' })
    expect(loop.status).toBe(508)
    expect(JSON.parse(loop.text).Message).toBe('composition loop detected: request already went through node-cli (chain: other -> node-cli -> node-cli)')

    // Kubo would clean `../../escape.txt` into `escape.txt`; this node refuses it
    const climb = await post(url, '/api/v0/add', BEARER, undefined, climbingUpload())
    expect(climb.status).toBe(400)
    expect(JSON.parse(climb.text)).toMatchObject({ Message: 'invalid file path "../../escape.txt": it leaves the upload root', Type: 'error' })

    // authorizations are set, so listening on 0.0.0.0 is not warned about; the secret is never printed
    expect(cli.stderr()).not.toMatch(OPEN_WARNING)
    expect(cli.logs()).not.toContain(TOKEN)
  })

  it('COMPOSITE_IPFS_API_AUTHORIZATIONS from the environment, and a node ID kept in --state-dir', async () => {
    const env = { COMPOSITE_IPFS_API_AUTHORIZATIONS: JSON.stringify({ reader: { AuthSecret: `bearer:${TOKEN}`, AllowedPaths: ['/api/v0'], scope: 'read-only' } }) }
    const state = join(dir, 'state')
    const cli = await start(['--listen', '/ip4/127.0.0.1/tcp/0', '--state-dir', state, '--kubo', kubo!.apiUrl], env)
    const [{ url }] = cli.addresses
    expect(await post(url, '/api/v0/id')).toMatchObject({ status: 403, text: DENIED })
    expect((await post(url, '/api/v0/id', BEARER)).status).toBe(200)
    // read-only scope: a write is refused like a missing secret
    expect(await post(url, '/api/v0/pin/add?arg=bafkqaaa', BEARER)).toMatchObject({ status: 403, text: DENIED })
    const nodeId = (await readFile(join(state, 'node-id'), 'utf8')).trim()
    expect(nodeId).toMatch(/^cn-/)
    expect(cli.stdout()).toContain(`Composite node ID ${nodeId}`)

    // a node in front of this one sends the secret from --kubo-auth-file
    const secretFile = join(dir, 'kubo-secret')
    await writeFile(secretFile, `bearer:${TOKEN}\n`, { mode: 0o600 })
    const front = await start(['--listen', '/ip4/127.0.0.1/tcp/0', '--kubo', url, '--kubo-auth-file', secretFile])
    const id = await post(front.addresses[0]!.url, '/api/v0/id')
    expect(id.status).toBe(200)
    expect(JSON.parse(id.text).ID).toBe(kubo!.peerId)
    expect(cli.logs()).not.toContain(TOKEN)
    expect(front.logs()).not.toContain(TOKEN)
  })

  it('an HTTPS listener (--tls-cert/--tls-key), warned about when open on 0.0.0.0; and a second node reaching it with --kubo-ca', async () => {
    const front = await start(['--listen', '/ip4/0.0.0.0/tcp/0', '--tls-cert', certs.serverCert, '--tls-key', certs.serverKey, '--kubo', kubo!.apiUrl])
    const [{ url, multiaddr }] = front.addresses
    expect(multiaddr).toMatch(/^\/ip4\/0\.0\.0\.0\/tcp\/\d+\/tls\/http$/)
    expect(url).toMatch(/^https:\/\//)
    // stderr and stdout are separate pipes: the warning may arrive just after the ready line
    await expect.poll(() => front.stderr()).toMatch(OPEN_WARNING)
    const httpsUrl = url.replace('0.0.0.0', '127.0.0.1')
    const trusting = agent({ connect: { ca: await readFile(certs.ca) } })
    const id = await post(httpsUrl, '/api/v0/id', {}, trusting)
    expect(id.status).toBe(200)
    expect(JSON.parse(id.text).ID).toBe(kubo!.peerId)
    // plain HTTP, or a client that does not trust the CA, gets nowhere
    await expect(post(httpsUrl.replace('https:', 'http:'), '/api/v0/id')).rejects.toThrow()
    await expect(post(httpsUrl, '/api/v0/id')).rejects.toThrow()

    // composite node -> (HTTPS, private CA) -> composite node -> Kubo
    const back = await start(['--listen', '/ip4/127.0.0.1/tcp/0', '--kubo', httpsUrl, '--kubo-ca', certs.ca])
    const chained = await post(back.addresses[0]!.url, '/api/v0/id')
    expect(chained.status).toBe(200)
    expect(JSON.parse(chained.text).ID).toBe(kubo!.peerId)
    expect(back.stderr()).not.toMatch(/WARNING/)
  })
})
