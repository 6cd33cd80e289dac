import { CommandError } from '@composite-ipfs/interface'
import type { ClusterContext } from './context.ts'
import type { GlobalRepoGC } from './rest-types.ts'
import type { GcEvent, RepoGcOptions } from '@composite-ipfs/interface'
import { restCallOf } from './rest-client.ts'

/**
 * repo/gc: `POST /ipfs/gc` runs GC on every undercluster peer and answers once all are done
 * (one `GlobalRepoGC`, not a stream). Each removed key becomes Kubo's `{"Key":{"/":cid}}`
 * (REST keys are plain strings). Errors, per key or per peer, are `{"Key":null,"Error":...}`
 * lines with `stream-errors`; either way the call then fails as Kubo does.
 */
export async function * repoGc (ctx: ClusterContext, options: RepoGcOptions = {}): AsyncGenerator<GcEvent, void, undefined> {
  // the answer comes once every peer finished: `timeouts.headers` of the connector bounds it
  const gc = await ctx.rest.json<GlobalRepoGC>('POST', '/ipfs/gc', restCallOf(options))
  const errors: string[] = []
  for (const [peer, result] of Object.entries(gc?.peer_map ?? {})) {
    const who = result.peername != null && result.peername !== '' ? `${result.peername} (${peer})` : peer
    if (result.error != null && result.error !== '') {
      errors.push(`undercluster ${ctx.label} peer ${who}: ${result.error}`)
      if (options.streamErrors === true) yield { Key: null, Error: errors.at(-1) }
    }
    for (const key of result.keys ?? []) {
      if (key.error != null && key.error !== '') {
        errors.push(key.error)
        if (options.streamErrors === true) yield { Key: null, Error: key.error }
      } else if (key.key != null && options.silent !== true) {
        yield { Key: { '/': key.key } }
      }
    }
  }
  if (errors.length === 0) return
  throw new CommandError(options.streamErrors === true ? 'encountered errors during gc run' : errors.join('; '))
}
