import { EndpointFailedError, UpstreamUnavailableError } from '@composite-ipfs/interface'
import { describe, expect, it } from 'vitest'
import { restAnswer } from '../../src/rest-errors.ts'

const failure = (endpoint: string, body: string): Error => new EndpointFailedError({ endpoint, reason: `500: ${body.slice(0, 200)}`, upstreamStatus: 500, body })

describe('restAnswer', () => {
  it('turns "every endpoint answered a REST error" into that error', () => {
    const body = '{"code":500,"message":"cannot repin a CID which is already pinned in recursive mode"}'
    const err = restAnswer(new UpstreamUnavailableError('no upstream endpoint could serve the request', [failure('http://a:9094', body), failure('http://b:9094', body)]))
    expect(err).toMatchObject({ code: 'ERR_CLUSTER_API', endpoint: 'http://b:9094', upstreamStatus: 500, body, restMessage: 'cannot repin a CID which is already pinned in recursive mode' })
    expect(err?.message).toBe('undercluster http://b:9094: cannot repin a CID which is already pinned in recursive mode')
  })

  it('reads a long message whole, from the body rather than the failure\'s shortened reason', () => {
    const err = restAnswer(new UpstreamUnavailableError('x', [failure('http://a:9094', `{"code":500,"message":"${'y'.repeat(400)}"}`)]))
    expect(err?.restMessage).toBe('y'.repeat(400))
  })

  it('leaves transport failures alone', () => {
    const body = '{"code":500,"message":"m"}'
    expect(restAnswer(new UpstreamUnavailableError('x', [failure('http://a:9094', body), new EndpointFailedError({ endpoint: 'http://b:9094', reason: 'connect ECONNREFUSED' })]))).toBeUndefined()
    expect(restAnswer(new UpstreamUnavailableError('x', [failure('http://a:9094', '<html>bad gateway</html>')]))).toBeUndefined()
    expect(restAnswer(new Error('other'))).toBeUndefined()
  })
})
