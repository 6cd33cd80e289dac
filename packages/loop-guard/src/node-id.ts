import { randomUUID } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { NODE_ID_PATTERN } from './constants.ts'
import { InvalidNodeIdError } from './errors.ts'

/** Throws unless `id` can travel in `X-Composite-Via` */
export function assertNodeId (id: string): string {
  if (!NODE_ID_PATTERN.test(id)) {
    throw new InvalidNodeIdError('a composite node ID must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ : @ + = - and start with a letter or digit')
  }
  return id
}

/**
 * A node ID: `name` as it is when given (trimmed; it must be a header-safe token), else a new
 * random `cn-<uuid>`, which the host must keep (see {@link persistentNodeId}) to stay stable.
 *
 * @example
 * ```ts
 * nodeIdFor('gateway-eu') // 'gateway-eu'
 * nodeIdFor()             // 'cn-1b4e28ba-2fa1-11d2-883f-0016d3cca427'
 * ```
 */
export function nodeIdFor (name?: string): string {
  return name === undefined ? `cn-${randomUUID()}` : assertNodeId(name.trim())
}

/**
 * The node ID kept in `file`: read if the file exists, else a new random one written there
 * (directories created). A host without a configured name calls this once at startup.
 *
 * @example
 * ```ts
 * const nodeId = await persistentNodeId(join(repoPath, 'composite-node-id'))
 * ```
 */
export async function persistentNodeId (file: string): Promise<string> {
  try {
    return assertNodeId((await readFile(file, 'utf8')).trim())
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err
    }
  }
  const id = nodeIdFor()
  await mkdir(dirname(file), { recursive: true })
  try {
    // `wx`: if another process created the file meanwhile, its ID wins
    await writeFile(file, `${id}\n`, { flag: 'wx', mode: 0o644 })
    return id
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      return assertNodeId((await readFile(file, 'utf8')).trim())
    }
    throw err
  }
}
