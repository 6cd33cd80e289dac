import { describe, expect, it } from 'vitest'
import { refererOrigin } from '../../src/referer.ts'

/**
 * `u.Scheme + "://" + u.Host` after Go's `url.Parse`, or undefined where it fails; each row
 * was produced by running Go 1.26.8 `net/url` (the toolchain Kubo v0.42.0 was built with).
 */
const GO_PARSE: Array<[string, string | undefined]> = [
  ['http://localhost:5001/webui', 'http://localhost:5001'],
  ['HTTP://LOCALHOST:5001/x', 'http://LOCALHOST:5001'],
  ['http://localhost:80/', 'http://localhost:80'],
  ['http://user:pw@localhost:5001/', 'http://localhost:5001'],
  ['http://[::1]:5001/', 'http://[::1]:5001'],
  ['http://[0:0::1]:5001/', 'http://[0:0::1]:5001'],
  ['http://[::1/', undefined],
  ['http://localhost:5001:/x', undefined],
  ['http://localhost:abc/', undefined],
  ['http://a:1:2/', undefined],
  ['http://%41:5001/', undefined],
  ['http://localhost:5001/%zz', undefined],
  ['http://localhost:5001/#%zz', undefined],
  ['http://localhost:5001/?%zz', 'http://localhost:5001'],
  ['foo', '://'],
  [':foo', undefined],
  ['a:b/c', 'a://'],
  ['chrome-extension://nibjojkomfdiaoajekhjakgkdhaomnch/index.html', 'chrome-extension://nibjojkomfdiaoajekhjakgkdhaomnch'],
  ['https://valid.example.com/path?q#f', 'https://valid.example.com'],
  ['//valid.example.com/x', '://valid.example.com'],
  ['http:///x', 'http://'],
  ['mailto:x@y', 'mailto://'],
  ['http://loc alhost/', undefined],
  ['http://[127.0.0.1]/', undefined],
  ['http://exa_mple.com/', 'http://exa_mple.com'],
  ['http://ex%zzample/', undefined],
  ['http://localhost:5001?x', 'http://localhost:5001'],
  ['http://localhost:5001#x', 'http://localhost:5001'],
  ['http://a@b@localhost:5001/', 'http://localhost:5001'],
  ['http://a b@localhost/', undefined],
  ['http://[fe80::1%25en0]:5001/', 'http://[fe80::1%en0]:5001']
]

describe('refererOrigin (Go url.Parse semantics)', () => {
  it.each(GO_PARSE)('%s -> %s', (referer, origin) => {
    expect(refererOrigin(referer)).toBe(origin)
  })
})
