import { InvalidRequestError, PayloadTooLargeError } from '@composite-ipfs/interface'
import { MultipartError } from '../errors.ts'
import { readParts } from '../multipart/parts.ts'
import { parseMediaType } from './media-type.ts'
import { scanLines } from './stdin-args.ts'
import type { IncomingMessage } from 'node:http'

/**
 * The multipart boundary when the body is `multipart/form-data` (go-ipfs-cmds only parses that
 * type), `undefined` for any other body, including an empty `Content-Type:` header.
 */
export function multipartBoundary (req: IncomingMessage): string | undefined {
  const { type, params } = parseMediaType(req.headers['content-type'])
  if (type !== 'multipart/form-data') {
    return undefined
  }
  const boundary = params.get('boundary')
  if (boundary === undefined) {
    throw new InvalidRequestError('no multipart boundary param in Content-Type')
  }
  return boundary
}

/** Refuses a body announced larger than the limit, for commands that take no upload */
export function checkDeclaredLength (req: IncomingMessage, limit: number): void {
  const length = Number(req.headers['content-length'] ?? 0)
  if (Number.isFinite(length) && length > limit) {
    throw new PayloadTooLargeError(`request body too large: ${length} bytes, and a command without a file argument takes at most ${limit}`)
  }
}

/**
 * Reads the first part of a multipart body as argument lines (`EnableStdin`), up to `limit` bytes.
 * The rest of the body is left unread, as Kubo does.
 */
export async function readStdinLines (req: IncomingMessage, boundary: string, limit: number): Promise<string[]> {
  const parts = readParts(req, boundary)
  try {
    const first = await parts.next()
    if (first.done === true) {
      return []
    }
    const chunks: Uint8Array[] = []
    let size = 0
    for await (const chunk of first.value.body) {
      size += chunk.byteLength
      if (size > limit) {
        throw new PayloadTooLargeError(`request body too large: arguments read from the body take at most ${limit} bytes`)
      }
      chunks.push(chunk)
    }
    return scanLines(Buffer.concat(chunks).toString('utf8'))
  } catch (err) {
    // a broken body is a parse error here: Kubo reads it while checking arguments
    throw err instanceof MultipartError ? new InvalidRequestError(err.message) : err
  } finally {
    await parts.return()
  }
}
