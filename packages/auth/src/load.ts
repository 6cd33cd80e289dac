import { readFile } from 'node:fs/promises'
import { AUTHORIZATIONS_ENV, AUTHORIZATIONS_FILE_ENV } from './constants.ts'
import { AuthConfigError } from './errors.ts'
import { parseAuthorizations, parseJson } from './parse.ts'
import type { Authorizations } from './types.ts'

export interface LoadAuthorizationsOptions {
  /**
   * `API.Authorizations` itself, or a whole Kubo config (`{ API: { Authorizations } }`)
   *
   * @default undefined
   */
  config?: unknown
  /**
   * Path of a JSON file with `API.Authorizations`, or of a Kubo config file
   *
   * @default undefined
   */
  file?: string
  /**
   * Where `COMPOSITE_IPFS_API_AUTHORIZATIONS` (JSON) and `COMPOSITE_IPFS_API_AUTHORIZATIONS_FILE`
   * (a path) are read from
   *
   * @default process.env
   */
  env?: Record<string, string | undefined>
}

async function readJsonFile (path: string, source: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new AuthConfigError(`API.Authorizations from ${source}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  return parseJson(text, source)
}

/** @see {@link loadAuthorizations} in index.ts */
export async function load (options: LoadAuthorizationsOptions = {}): Promise<Authorizations> {
  if (options.config !== undefined) {
    return parseAuthorizations(options.config, 'the config object')
  }
  if (options.file !== undefined) {
    return parseAuthorizations(await readJsonFile(options.file, `file ${options.file}`), `file ${options.file}`)
  }
  const env = options.env ?? process.env
  const json = env[AUTHORIZATIONS_ENV]
  const file = env[AUTHORIZATIONS_FILE_ENV]
  if (json !== undefined && json !== '' && file !== undefined && file !== '') {
    throw new AuthConfigError(`both ${AUTHORIZATIONS_ENV} and ${AUTHORIZATIONS_FILE_ENV} are set; set one`)
  }
  if (json !== undefined && json !== '') {
    return parseAuthorizations(parseJson(json, AUTHORIZATIONS_ENV), AUTHORIZATIONS_ENV)
  }
  if (file !== undefined && file !== '') {
    const source = `${AUTHORIZATIONS_FILE_ENV} (${file})`
    return parseAuthorizations(await readJsonFile(file, source), source)
  }
  return {}
}
