import { describe, expect, it } from 'vitest'
import { isLoopbackAddress } from '../../src/index.ts'

describe('isLoopbackAddress', () => {
  it.each([
    '/ip4/127.0.0.1/tcp/5001', '/ip4/127.8.9.10/tcp/5001', '/ip6/::1/tcp/5001', '/dns4/localhost/tcp/5001', '/dns/localhost/tcp/5001',
    '/unix/run/ipfs.sock', 'http://127.0.0.1:5001', 'https://[::1]:5001/', 'http://localhost:5001', 'http://api.localhost:5001',
    'http+unix://%2Frun%2Fipfs.sock', '127.0.0.1', '127.0.0.1:5001', '::1', '[::1]:5001', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST.', '0:0:0:0:0:0:0:1'
  ])('%s is loopback', (addr) => {
    expect(isLoopbackAddress(addr)).toBe(true)
  })

  it.each([
    '/ip4/0.0.0.0/tcp/5001', '/ip6/::/tcp/5001', '/ip4/192.168.1.2/tcp/5001', '/dns4/example.com/tcp/5001', '/ip4/128.0.0.1/tcp/1',
    'http://0.0.0.0:5001', 'http://[::]:5001', 'https://10.0.0.1:5001', 'http://localhost.example.com:5001', '0.0.0.0', '::',
    '10.1.1.1:5001', '::ffff:10.0.0.1', 'example.com', '', 'not an address', '/tcp/5001'
  ])('%s is not loopback', (addr) => {
    expect(isLoopbackAddress(addr)).toBe(false)
  })
})
