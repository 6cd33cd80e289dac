/** CI runs the host-app example against a real Kubo and talks to it with a real client */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { startKubo } from '@composite-ipfs/testbed'
import all from 'it-all'
import { create } from 'kubo-rpc-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KuboDaemon } from '@composite-ipfs/testbed'
import type { ChildProcess } from 'node:child_process'

const example = fileURLToPath(new URL('../kubo-front.ts', import.meta.url))

describe('examples/kubo-front.ts', () => {
  let kubo: KuboDaemon
  let child: ChildProcess
  let url: string

  beforeAll(async () => {
    kubo = await startKubo()
    child = spawn(process.execPath, ['--import', 'tsx', example], {
      env: { ...process.env, KUBO_API: kubo.apiUrl, LISTEN: '/ip4/127.0.0.1/tcp/0' },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /listening on (http:\/\/\S+)/.exec(out)
        if (m != null) resolve(m[1])
      })
      child.once('exit', code => { reject(new Error(`example exited with ${code}: ${out}`)) })
    })
  })
  afterAll(async () => {
    if (child?.exitCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
    await kubo?.stop()
  })

  it('serves the Kubo behind it to kubo-rpc-client', async () => {
    const client = create({ url })
    const { cid } = await client.add('from the example')
    const direct = create({ url: kubo.apiUrl })
    const pins = await all(direct.pin.ls({ paths: [cid] }))
    expect(pins.map(p => p.cid.toString())).toEqual([cid.toString()])
    expect((await client.id()).id.toString()).toBe((await direct.id()).id.toString())
  })

  it('exits 0 on SIGTERM', async () => {
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
  })
})
