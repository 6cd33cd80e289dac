import { describe, expect, it } from 'vitest'
import { parsePinsetLine, pinsetParser } from '../../src/pin-ls.ts'

// lines as ipfs-cluster v1.1.6 writes them in GET /allocations (read from a real daemon)
const CID = 'bafkreibeuq5fjsba6uve4z6faywfjb7xbf67sfadodtxodpzop5cbtwrru'
const line = (name: string, mode: string, metadata: string): string =>
  `{"replication_factor_min":-1,"replication_factor_max":-1,"name":${name},"mode":"${mode}","shard_size":0,"user_allocations":null,` +
  `"expire_at":"0001-01-01T00:00:00Z","metadata":${metadata},"pin_update":null,"origins":[],"cid":"${CID}","type":"pin",` +
  '"allocations":[],"max_depth":-1,"reference":null,"timestamp":"2026-11-24T23:06:58Z"}'

const projected = (text: string): unknown => {
  const pin = JSON.parse(text)
  return { cid: pin.cid, name: pin.name, mode: pin.mode }
}

describe('parsePinsetLine', () => {
  it.each([
    ['a plain line', line('"my pin"', 'recursive', '{"composite-via":"x"}')],
    ['a direct pin with no metadata', line('""', 'direct', 'null')],
    ['metadata keys named like the Pin fields', line('"n"', 'recursive', '{"cid":"bafyfake","type":"x","\\"cid\\":\\"":"y"}')],
    ['a name with escapes (parsed whole)', line('"a\\"b\\u003c"', 'recursive', 'null')],
    ['a name with non-ASCII text', line('"héllo ✓"', 'direct', '{}')]
  ])('reads cid, name and mode of %s as a full parse does', (_, text) => {
    const pin = parsePinsetLine(text)
    expect({ cid: pin.cid, name: pin.name, mode: pin.mode }).toEqual(projected(text))
  })

  it('parses a line of another layout whole', () => {
    const text = `{"cid":"${CID}","name":"x","max_depth":0}`
    expect(parsePinsetLine(text)).toEqual(JSON.parse(text))
  })

  it('throws on a line that is not JSON', () => {
    expect(() => parsePinsetLine('{"cid":')).toThrow(SyntaxError)
  })
})

describe('pinsetParser: a shared pinset costs a full parse only for the pins this node answers for', () => {
  const parse = pinsetParser('node-a')
  const claim = JSON.stringify(JSON.stringify({ n: 'x', at: '2026-01-01T00:00:00.000Z' }))

  it('parses a pin this node owns, or with the undercluster\'s base claim, whole', () => {
    const own = line('"x"', 'recursive', `{"composite-owner.node-a":${claim},"composite-owner.node-b":${claim}}`)
    expect(parse(own)).toEqual(JSON.parse(own))
    const based = line('"x"', 'recursive', `{"composite-base":${claim},"composite-owner.node-b":${claim}}`)
    expect(parse(based)).toEqual(JSON.parse(based))
  })

  it('skips, unparsed, a pin only other nodes own, and a released one', () => {
    expect(parse(line('"x"', 'recursive', `{"composite-owner.node-b":${claim}}`))).toBeUndefined()
    // a node whose ID starts like this one's is another node
    expect(parse(line('"x"', 'recursive', `{"composite-owner.node-ab":${claim}}`))).toBeUndefined()
    expect(parse(line('"x"', 'recursive', '{"composite-released":"2026-01-01T00:00:00.000Z"}'))).toBeUndefined()
  })

  it('takes the fast path for pins no composite node manages (the loop trail of old nodes included)', () => {
    const plain = line('"my pin"', 'recursive', '{"composite-via":"x","composite-hops":"1"}')
    expect(parse(plain)).toEqual({ cid: CID, name: 'my pin', mode: 'recursive' })
    // text that only looks like a key, inside a value, is not one
    const tricky = line('"n"', 'recursive', `{"note":"\\"composite-owner.node-b\\":"}`)
    expect(parse(tricky)).toEqual({ cid: CID, name: 'n', mode: 'recursive' })
  })
})
