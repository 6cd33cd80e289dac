import { describe, expect, it } from 'vitest'
import { parseApiMultiaddr } from '../../src/index.ts'

describe('parseApiMultiaddr', () => {
  it('reads the TCP forms an API listens on', () => {
    expect(parseApiMultiaddr('/ip4/127.0.0.1/tcp/5001')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 5001, tls: false })
    expect(parseApiMultiaddr('/ip6/::1/tcp/5001/http')).toEqual({ kind: 'tcp', host: '::1', port: 5001, tls: false })
    expect(parseApiMultiaddr('/dns4/node.example/tcp/443/https')).toEqual({ kind: 'tcp', host: 'node.example', port: 443, tls: true })
    expect(parseApiMultiaddr('/dns/node.example/tcp/9094/tls/http')).toEqual({ kind: 'tcp', host: 'node.example', port: 9094, tls: true })
  })

  it('reads /unix in Go\'s form as the path it is, and in the library\'s form decoded', () => {
    expect(parseApiMultiaddr('/unix/run/ipfs/api.sock')).toEqual({ kind: 'unix', path: '/run/ipfs/api.sock' })
    expect(parseApiMultiaddr('/unix/tmp/a%20b.sock')).toEqual({ kind: 'unix', path: '/tmp/a%20b.sock' })
    expect(parseApiMultiaddr('/unix/%2Ftmp%2Fa%20b.sock')).toEqual({ kind: 'unix', path: '/tmp/a b.sock' })
  })

  it('refuses other shapes, naming the address and the accepted forms', () => {
    for (const bad of ['/ip4/127.0.0.1', '/ip4/127.0.0.1/udp/5001', '/ip4/127.0.0.1/tcp/5001/ws', '/p2p/12D3KooWGC6TvWhfapngX6wvJHMYvKpDMXPb3ZnCZ6dMoaMtimQ5', '/ip4/300.0.0.1/tcp/1', '/nonsense']) {
      let message = ''
      try { parseApiMultiaddr(bad) } catch (err) { message = (err as TypeError).message }
      expect(message).toContain(`multiaddr ${bad}`)
      expect(message).toContain('expected /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>')
    }
  })
})
