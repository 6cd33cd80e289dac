import { describe, expect, it } from 'vitest'
import { parseShare, shareOf } from '../../src/capacity/share.ts'
import { baseRecord, readOwnership } from '../../src/owners/claim-record.ts'
import { baseWrite, pinWrite } from '../../src/owners/pin-options.ts'
import { answeredAs, standingOf } from '../../src/owners/view.ts'
import type { ClaimRecord, Ownership } from '../../src/owners/claim-record.ts'

const at = (s: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString()
const owned = (owners: Record<string, ClaimRecord>, rest: Partial<Ownership> = {}): Ownership =>
  ({ owners: new Map(Object.entries(owners)), managed: true, other: {}, ...rest })

describe('claim records on pin metadata', () => {
  it('reads owners, the base claim and the release mark, and leaves other keys apart', () => {
    const o = readOwnership({
      'composite-owner.node-a': JSON.stringify({ t: 'A', n: 'x', at: at(1) }),
      'composite-owner.node-b': 'hand-written',
      'composite-base': JSON.stringify({ n: 'base', at: at(0) }),
      'composite-via': 'node-a',
      region: 'eu'
    })
    expect([...o.owners.keys()]).toEqual(['node-a', 'node-b'])
    expect(o.owners.get('node-a')).toEqual({ t: 'A', n: 'x', at: at(1) })
    // a value that is not a record is still a claim: it is never dropped
    expect(o.owners.get('node-b')?.at).toBeDefined()
    expect(o.base?.n).toBe('base')
    expect(o.managed).toBe(true)
    expect(o.other).toEqual({ region: 'eu' })
  })

  it('a pin no composite node wrote is unmanaged: the undercluster\'s own', () => {
    const o = readOwnership({ 'composite-via': 'old-node', team: 'ops' })
    expect(o.managed).toBe(false)
    expect(o.owners.size).toBe(0)
  })

  it('keeps the options of the undercluster\'s own pin as its base claim', () => {
    const base = baseRecord({ cid: 'c', name: 'ops', replication_factor_min: 1, replication_factor_max: 2, max_depth: 0, expire_at: '0001-01-01T00:00:00Z', timestamp: at(0) }, { team: 'ops' })
    expect(base).toEqual({ n: 'ops', m: { team: 'ops' }, min: 1, max: 2, d: 1, at: at(0) })
  })
})

describe('one pin serving every claim', () => {
  it('asks for the largest replication, joins names oldest first, merges metadata with the oldest winning', () => {
    const { query, direct } = pinWrite(owned({
      b: { n: 'B:photos', m: { region: 'us', b: '1' }, min: 1, max: 3, at: at(2) },
      a: { n: 'A:photos', m: { region: 'eu' }, min: 2, max: 2, at: at(1) }
    }), { grace: 60_000 })
    expect(query).toMatchObject({ 'replication-min': '2', 'replication-max': '3', name: 'A:photos; B:photos', 'meta-region': 'eu', 'meta-b': '1' })
    expect(JSON.parse(query['meta-composite-owner.a']!)).toEqual({ n: 'A:photos', m: { region: 'eu' }, min: 2, max: 2, at: at(1) })
    expect(query['expire-at']).toBeUndefined()
    expect(direct).toBe(false)
  })

  it('everywhere (-1) is the largest replication; claims without one leave the default', () => {
    expect(pinWrite(owned({ a: { min: 2, max: 3, at: at(1) }, b: { min: -1, max: -1, at: at(2) } }), { grace: 1 }).query)
      .toMatchObject({ 'replication-min': '-1', 'replication-max': '-1' })
    const plain = pinWrite(owned({ a: { at: at(1) } }), { grace: 1 }).query
    expect(plain['replication-min']).toBeUndefined()
    expect(plain.name).toBeUndefined()
  })

  it('stays direct only while every claim is direct, and never turns a recursive pin direct', () => {
    expect(pinWrite(owned({ a: { d: 1, at: at(1) } }), { grace: 1 }).direct).toBe(true)
    expect(pinWrite(owned({ a: { d: 1, at: at(1) }, b: { at: at(2) } }), { grace: 1 }).direct).toBe(false)
    expect(pinWrite(owned({ a: { d: 1, at: at(1) } }), { grace: 1, wasRecursive: true }).direct).toBe(false)
  })

  it('a released pin (no claim left) expires after the grace period and says when it was released', () => {
    const released = new Date(Date.now() + 5_000).toISOString()
    const { query } = pinWrite(owned({}, { released, other: { region: 'eu' } }), { grace: 60_000 })
    expect(Date.parse(query['expire-at']!)).toBe(Date.parse(released) + 60_000)
    expect(query['meta-composite-released']).toBe(released)
    expect(query['meta-region']).toBe('eu')
  })

  it('never expires while a claim is left: an overcluster\'s expiry, kept in its claim, is the overcluster\'s to act on', () => {
    const soon = new Date(Date.now() + 60_000).toISOString()
    expect(pinWrite(owned({ a: { e: soon, at: at(1) } }), { grace: 1 }).query['expire-at']).toBeUndefined()
    // a released pin's expiry is never in the past, however late the write
    const late = pinWrite(owned({}, { released: at(1) }), { grace: 1 }).query['expire-at']
    expect(Date.parse(late!)).toBeGreaterThan(Date.now())
  })

  it('a released pin keeps its mode: a direct one is not turned recursive by the release', () => {
    expect(pinWrite(owned({}, { released: at(1) }), { grace: 1, wasRecursive: false }).direct).toBe(true)
    expect(pinWrite(owned({}, { released: at(1) }), { grace: 1, wasRecursive: true }).direct).toBe(false)
  })

  it('gives the undercluster its own pin back once the last composite owner left', () => {
    expect(baseWrite({ n: 'ops', m: { team: 'ops' }, min: 1, max: 2, at: at(0) }, {}))
      .toEqual({ query: { 'replication-min': '1', 'replication-max': '2', name: 'ops', 'meta-team': 'ops' }, direct: false })
    expect(baseWrite({ d: 1, at: at(0) }, { wasRecursive: true }).direct).toBe(false)
  })
})

describe('what a node answers for', () => {
  const pin = { name: 'under', max_depth: -1 }
  it('its own claim, with the claim\'s type and name', () => {
    const o = owned({ me: { n: 'mine', d: 1, at: at(1) }, other: { at: at(2) } })
    expect(answeredAs(standingOf(o, 'me', true), pin)).toEqual({ type: 'direct', name: 'mine' })
    // the name its Kubo client gave, when the template rendered another one for the undercluster
    expect(answeredAs(standingOf(owned({ me: { n: 'acme', k: '', at: at(1) } }), 'me', true), pin)).toEqual({ type: 'recursive', name: '' })
  })

  it('the undercluster\'s own pins unless hidden; never a pin only others hold, nor a released one', () => {
    const plain = readOwnership(null)
    expect(answeredAs(standingOf(plain, 'me', true), pin)).toEqual({ type: 'recursive', name: 'under' })
    expect(standingOf(plain, 'me', false)).toEqual({ kind: 'none' })
    expect(standingOf(owned({ other: { at: at(1) } }), 'me', true)).toEqual({ kind: 'none' })
    expect(standingOf(owned({}, { released: at(3) }), 'me', true)).toEqual({ kind: 'none' })
    const withBase = owned({ other: { at: at(1) } }, { base: { n: 'ops', at: at(0) } })
    expect(answeredAs(standingOf(withBase, 'me', true), pin, withBase.base)).toEqual({ type: 'recursive', name: 'ops' })
  })
})

describe('capacity share', () => {
  it('scales repo/stat exactly, so shares add up to the whole', () => {
    const stat = { RepoSize: 1_000_000_001n, StorageMax: 10_000_000_000n, NumObjects: 30n, RepoPath: 'p', Version: 'v' }
    const third = shareOf(stat, { numerator: 1n, denominator: 3n })
    const free = (s: typeof stat): bigint => s.StorageMax - s.RepoSize
    expect(free(stat) - 3n * free(third)).toBeGreaterThanOrEqual(-3n)
    expect(free(stat) - 3n * free(third)).toBeLessThanOrEqual(3n)
    expect(shareOf(stat, { numerator: 1n, denominator: 1n })).toBe(stat)
  })

  it('parses 1, fractions and decimals, and refuses shares outside (0, 1]', () => {
    expect(parseShare('1')).toEqual({ numerator: 1n, denominator: 1n })
    expect(parseShare('1/3')).toEqual({ numerator: 1n, denominator: 3n })
    expect(parseShare('0.25')).toEqual({ numerator: 25n, denominator: 100n })
    for (const bad of ['0', '3/2', '1.5', 'half', '1/0', '-1']) expect(parseShare(bad)).toBeUndefined()
  })
})
