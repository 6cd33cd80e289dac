import { UpstreamError } from '@composite-ipfs/interface'
import { describe, expect, it } from 'vitest'
import { kuboError, parseKuboError } from '../../src/kubo-error.ts'

describe('kuboError', () => {
  it('keeps a JSON Message verbatim with its Code; status 500', () => {
    const err = kuboError(500, '{"Message":"not pinned or pinned indirectly","Code":0,"Type":"error"}\n', 'http://k:5001')
    expect(err).toBeInstanceOf(UpstreamError)
    expect(err.message).toBe('not pinned or pinned indirectly')
    expect(err.kuboCode).toBe(0)
    expect(err.status).toBe(500)
    expect(err.endpoint).toBe('http://k:5001')
    expect(err.upstreamStatus).toBe(500)
    expect(err.code).toBe('ERR_UPSTREAM')
  })

  it('keeps a JSON error cut at the read limit a Kubo error: the Message up to the cut, never a transport text', () => {
    // Kubo's `invalid path` quotes its argument: 300 KB of \x02 is over 1 MiB of `\\x02` escapes
    const message = `invalid path "${'\\x02'.repeat(300_000)}": not a CID`
    const whole = JSON.stringify({ Message: message, Code: 0, Type: 'error' })
    for (const cut of [1 << 20, (1 << 20) + 1, 20, 13, 12 + 1 + 5]) {
      const text = whole.slice(0, cut)
      const err = kuboError(500, text, 'u')
      expect(err).toMatchObject({ status: 500, kuboCode: 0, transport: false })
      expect(message.startsWith(err.message)).toBe(true)
      expect(err.message.length).toBeGreaterThan(cut / 2 - 14) // each \\ is two bytes of JSON
    }
    // an escape cut in half is dropped, a cut after the Message keeps all of it
    expect(parseKuboError('{"Message":"a\\u00')?.Message).toBe('a')
    expect(parseKuboError('{"Message":"a\\')?.Message).toBe('a')
    expect(parseKuboError('{"Message":"a\\\\')?.Message).toBe('a\\')
    expect(parseKuboError('{"Message":"done","Code":0,"Ty')?.Message).toBe('done')
    expect(parseKuboError('{"message":"cluster REST","code":500')).toBeUndefined()
    // no Code survived: the status tells a client error, and a character cut in half is dropped
    expect(kuboError(400, whole.slice(0, 5000), 'u')).toMatchObject({ status: 400, kuboCode: 1 })
    expect(parseKuboError(Buffer.from('{"Message":"café', 'utf8').subarray(0, 15).toString('utf8'))?.Message).toBe('caf')
  })

  it('answers 400 for Code 1 (client error)', () => {
    const err = kuboError(400, '{"Message":"bad","Code":1,"Type":"error"}', 'u')
    expect([err.status, err.kuboCode]).toEqual([400, 1])
  })

  it('turns a text body into the message, without Go http.Error newline', () => {
    const err = kuboError(403, 'Kubo RPC Access Denied: Please provide a valid authorization token as defined in the API.Authorizations configuration.\n', 'u')
    expect(err.message).toMatch(/^Kubo RPC Access Denied.*configuration\.$/)
    expect(err.upstreamStatus).toBe(403)
    expect(kuboError(404, '404 page not found\n', 'u').message).toBe('404 page not found')
    expect(kuboError(502, '', 'u').message).toBe('upstream answered 502')
  })

  it('keeps a plain-text answer whole: the upstream\'s status and text, as a transport error', () => {
    for (const [status, text, kuboCode] of [[404, '404 page not found\n', 1], [403, '403 - Forbidden\n', 4], [405, '405 - Method Not Allowed\n', 0]] as const) {
      const err = kuboError(status, text, 'http://k:5001')
      expect(err).toMatchObject({ status, upstreamStatus: status, transport: true, kuboCode, body: text, endpoint: 'http://k:5001' })
      expect(err.message).toBe(text.trimEnd())
    }
  })

  it('keeps the body of a JSON answer too, and is not transport', () => {
    const text = '{"Message":"bad","Code":1,"Type":"error"}'
    expect(kuboError(400, text, 'u')).toMatchObject({ body: text, transport: false })
  })

  it('recognises only objects with a string Message as Kubo errors', () => {
    expect(parseKuboError('{"Message":"x"}')).toEqual({ Message: 'x' })
    expect(parseKuboError('{"message":"x"}')).toBeUndefined()
    expect(parseKuboError('<html>')).toBeUndefined()
  })
})
