import { describe, expect, it } from 'vitest'
import { resolveEndpoint } from '../../src/endpoint.ts'
import { redactUrl } from '../../src/index.ts'

describe('resolveEndpoint', () => {
  it('takes http(s) URLs and ignores a path such as /api/v0', () => {
    expect(resolveEndpoint('http://127.0.0.1:5001/api/v0')).toMatchObject({ origin: 'http://127.0.0.1:5001', label: 'http://127.0.0.1:5001' })
  })

  it('turns userinfo into Basic authorization and keeps it out of the label', () => {
    const e = resolveEndpoint('https://al%20ice:p%40ss@kubo.example:5001')
    expect(e.authorization).toBe(`Basic ${Buffer.from('al ice:p@ss').toString('base64')}`)
    expect(e.label).toBe('https://kubo.example:5001')
    expect(resolveEndpoint({ url: 'http://u:p@h:1', authorization: 'Bearer t' }).authorization).toBe('Bearer t')
  })

  it('accepts API multiaddrs', () => {
    expect(resolveEndpoint('/ip4/127.0.0.1/tcp/5001').origin).toBe('http://127.0.0.1:5001')
    expect(resolveEndpoint('/ip6/::1/tcp/5001').origin).toBe('http://[::1]:5001')
    expect(resolveEndpoint('/dns4/kubo.example/tcp/443/https').origin).toBe('https://kubo.example:443')
    expect(resolveEndpoint('/unix/tmp/kubo.sock')).toMatchObject({ origin: 'http://localhost', socketPath: '/tmp/kubo.sock', label: '/unix/tmp/kubo.sock' })
    expect(() => resolveEndpoint('/ip4/1.2.3.4/udp/1')).toThrow(/unsupported/)
    expect(() => resolveEndpoint('ftp://x')).toThrow(/unsupported/)
  })
})

describe('redactUrl', () => {
  it('drops credentials, query and fragment', () => {
    expect(redactUrl('http://user:secret@h:1/a?token=x#y')).toBe('http://h:1/a')
    expect(redactUrl('not a url with secret')).toBe('<invalid url>')
    expect(redactUrl('/ip4/127.0.0.1/tcp/5001')).toBe('/ip4/127.0.0.1/tcp/5001') // a multiaddr holds no credentials
  })
})
