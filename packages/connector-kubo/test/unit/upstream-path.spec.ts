import { describe, expect, it } from 'vitest'
import { upstreamPath } from '../../src/passthrough.ts'

describe('upstreamPath', () => {
  it('keeps plain command paths as they are', () => {
    expect(upstreamPath('key/list')).toBe('/api/v0/key/list')
    expect(upstreamPath('/files/ls')).toBe('/api/v0/files/ls')
  })

  it('re-encodes every segment, so decoded characters stay data upstream', () => {
    expect(upstreamPath('key/list?l=true')).toBe('/api/v0/key/list%3Fl%3Dtrue')
    expect(upstreamPath('name/resolve/a b#c')).toBe('/api/v0/name/resolve/a%20b%23c')
    expect(upstreamPath('files/stat/100%')).toBe('/api/v0/files/stat/100%25')
  })
})
