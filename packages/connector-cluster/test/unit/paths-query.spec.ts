import { describe, expect, it } from 'vitest'
import { pinsUrl, pinTarget } from '../../src/paths.ts'
import { addQuery, pinName } from '../../src/query.ts'

const cid = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'

describe('pinTarget', () => {
  it('keeps a bare CID and /ipfs/<cid> as CIDs', () => {
    expect(pinTarget(cid)).toEqual({ arg: cid, cid, path: `ipfs/${cid}` })
    expect(pinTarget(`/ipfs/${cid}`)).toMatchObject({ cid, path: `ipfs/${cid}` })
  })

  it('sends deeper paths to the path route, segments encoded', () => {
    expect(pinTarget(`/ipfs/${cid}/a b/c`)).toEqual({ arg: `/ipfs/${cid}/a b/c`, path: `ipfs/${cid}/a%20b/c` })
    expect(pinTarget(`${cid}/x`).cid).toBeUndefined()
    expect(pinTarget('/ipns/example.org').path).toBe('ipns/example.org')
  })

  it('refuses other namespaces and empty paths', () => {
    expect(() => pinTarget('/foo/bar')).toThrow(/invalid path/)
    expect(() => pinTarget(' ')).toThrow(/invalid path/)
  })

  it('uses the CID route unless asked for the path route (direct pins)', () => {
    expect(pinsUrl(pinTarget(cid))).toBe(`/pins/${cid}`)
    expect(pinsUrl(pinTarget(cid), { pathForm: true })).toBe(`/pins/ipfs/${cid}`)
  })
})

describe('query building', () => {
  it('renders the name template', () => {
    expect(pinName(undefined, { name: 'n' })).toBe('n')
    expect(pinName('oc:{cid}:{name}', { cid: 'c', name: 'n' })).toBe('oc:c:n')
    expect(pinName('{tenant}/{name}', { name: 'n', tenant: 'acme' })).toBe('acme/n')
  })

  it('prefixes the tenant when no template is set, so tenants tell apart in ipfs-cluster-ctl status', () => {
    expect(pinName(undefined, { name: 'n', tenant: 'acme' })).toBe('acme:n')
    expect(pinName(undefined, { tenant: 'acme' })).toBe('acme')
    expect(pinName(undefined, {})).toBe('')
  })

  it('maps Kubo add options to REST /add parameters', () => {
    expect(addQuery({ cidVersion: 1, rawLeaves: false, chunker: 'size-1024', trickle: true, wrapWithDirectory: true, pin: false, progress: true }))
      .toEqual({ 'stream-channels': 'true', progress: 'true', 'cid-version': '1', 'raw-leaves': 'false', chunker: 'size-1024', layout: 'trickle', 'wrap-with-directory': 'true' })
    expect(addQuery({ hash: 'blake2b-256' })).toMatchObject({ hash: 'blake2b-256', 'cid-version': '1' })
  })

  it('refuses add options the cluster adder cannot honour', () => {
    expect(() => addQuery({ toFiles: '/x' })).toThrow(/to-files/)
    expect(() => addQuery({ inline: true })).toThrow(/inline/)
  })
})
