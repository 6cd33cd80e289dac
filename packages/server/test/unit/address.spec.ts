import { describe, expect, it } from 'vitest'
import { parseListenAddress } from '../../src/listen/address.ts'

describe('listen addresses', () => {
  it('reads URLs', () => {
    expect(parseListenAddress('http://127.0.0.1:0')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 0, tls: false })
    expect(parseListenAddress('https://[::1]:5001')).toEqual({ kind: 'tcp', host: '::1', port: 5001, tls: true })
    expect(parseListenAddress('http://localhost')).toEqual({ kind: 'tcp', host: 'localhost', port: 80, tls: false })
  })

  it('reads multiaddrs', () => {
    expect(parseListenAddress('/ip4/127.0.0.1/tcp/5001')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 5001, tls: false })
    expect(parseListenAddress('/ip6/::1/tcp/0')).toEqual({ kind: 'tcp', host: '::1', port: 0, tls: false })
    expect(parseListenAddress('/dns4/localhost/tcp/1/http')).toEqual({ kind: 'tcp', host: 'localhost', port: 1, tls: false })
    expect(parseListenAddress('/ip4/127.0.0.1/tcp/1/tls/http')).toMatchObject({ tls: true })
  })

  it('reads unix sockets in Kubo form and in percent-encoded form', () => {
    expect(parseListenAddress('/unix/tmp/api.sock')).toEqual({ kind: 'unix', path: '/tmp/api.sock' })
    expect(parseListenAddress('/unix/%2Ftmp%2Fapi.sock')).toEqual({ kind: 'unix', path: '/tmp/api.sock' })
  })

  it('refuses what it cannot listen on', () => {
    expect(() => parseListenAddress('/ip4/127.0.0.1/udp/1')).toThrow()
    expect(() => parseListenAddress('ftp://x:1')).toThrow(/scheme/)
    expect(() => parseListenAddress('nonsense')).toThrow()
    expect(() => parseListenAddress('/ip4/127.0.0.1/tcp/99999')).toThrow()
  })
})
