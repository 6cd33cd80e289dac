import { describe, expect, it } from 'vitest'
import { ACCESS_DENIED_MESSAGE, apiAuth } from '../../src/index.ts'
import { run, testContext } from '../fixtures/context.ts'
import { matrixAuthorizations, matrixCases } from '../fixtures/matrix.ts'

const auth = apiAuth({ authorizations: matrixAuthorizations() })
const CID = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

describe('the auth matrix: secret kind × command class × credential × scope', () => {
  it.each(matrixCases().map(c => [`${c.kind} ${c.scope} ${c.credential} ${c.command.path} -> ${c.allowed ? 'allowed' : '403'}`, c] as const))('%s', async (_, c) => {
    const ctx = testContext({ path: c.command.path.replace('{cid}', CID), headers: c.header === undefined ? {} : { authorization: c.header } })
    const outcome = await run(auth, ctx)
    if (c.allowed) {
      expect(outcome).toEqual({ next: true })
      expect(ctx.state.get('auth')).toEqual({ name: `${c.kind}-${c.scope}`, scope: c.scope === 'read-only' ? 'read-only' : 'full' })
    } else {
      expect(outcome.next).toBe(false)
      expect(outcome.error?.code).toBe('ERR_FORBIDDEN')
      expect(outcome.error?.status).toBe(403)
      expect(outcome.error?.message).toBe(ACCESS_DENIED_MESSAGE)
      expect(ctx.state.has('auth')).toBe(false)
    }
  })
})
