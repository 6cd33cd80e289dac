import { describe, expect, it } from 'vitest'
import { createLogger, resolveLogging } from '../../src/logging.ts'
import type { CliIo } from '../../src/io.ts'

function capture (): { io: CliIo, lines: string[] } {
  const lines: string[] = []
  return { io: { stdout: () => {}, stderr: (line) => { lines.push(line) } }, lines }
}

describe('the CLI\'s logger (pino)', () => {
  it('writes one JSON object per line at the chosen level and above', () => {
    const { io, lines } = capture()
    const logger = createLogger(resolveLogging({ logLevel: 'warn', logFormat: 'json' }, false), io)
    logger.info('an access line')
    logger.child({ component: 'rpc-client' }).warn({ endpoint: 'http://127.0.0.1:1' }, 'endpoint failed')
    expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ level: 40, component: 'rpc-client', endpoint: 'http://127.0.0.1:1', msg: 'endpoint failed' })])
  })

  it('never writes a secret field', () => {
    const { io, lines } = capture()
    const logger = createLogger(resolveLogging({ logFormat: 'json' }, false), io)
    logger.warn({ authorization: 'Bearer S3cret-token', headers: { authorization: 'Basic czNjcmV0', cookie: 'session=S3cret' }, password: 'S3cret-pass' }, 'refused')
    expect(lines.join('\n')).not.toMatch(/S3cret|czNjcmV0/)
    expect(JSON.parse(lines[0])).toMatchObject({ authorization: '[redacted]', password: '[redacted]' })
  })

  it('pretty prints on a terminal by default, and names flag, value and accepted forms when wrong', () => {
    expect(resolveLogging({}, true)).toEqual({ logLevel: 'info', logFormat: 'pretty' })
    expect(resolveLogging({}, false)).toEqual({ logLevel: 'info', logFormat: 'json' })
    const { io, lines } = capture()
    createLogger({ logLevel: 'info', logFormat: 'pretty' }, io).warn({ cid: 'bafy' }, 'pin failed')
    expect(lines.join('\n')).toMatch(/WARN.*pin failed/)
    expect(() => resolveLogging({ logLevel: 'verbose' }, false)).toThrow('--log-level "verbose" is not a level; accepted: error, warn, info, debug')
    expect(() => resolveLogging({ logFormat: 'text' }, false)).toThrow('--log-format "text" is not a format; accepted: json, pretty')
  })
})
