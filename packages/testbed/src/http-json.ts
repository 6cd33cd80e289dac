import { fetch as undiciFetch } from 'undici'
import { HttpStatusError } from './errors.ts'
import type { Dispatcher } from 'undici'

/** Small fetch helpers for talking to daemons in tests (POST for Kubo RPC, GET for cluster REST) */

export interface HttpJsonOptions {
  method?: string
  headers?: Record<string, string>
  signal?: AbortSignal
  /** An undici dispatcher, e.g. an `Agent` trusting a private CA for an `https` REST API */
  dispatcher?: Dispatcher
}

export async function fetchText (url: string, options: HttpJsonOptions = {}): Promise<{ status: number, text: string }> {
  const init = { method: options.method ?? 'GET', headers: options.headers, signal: options.signal ?? AbortSignal.timeout(30_000) }
  // the global fetch cannot take a dispatcher of the undici package (their versions differ)
  const res = options.dispatcher === undefined ? await fetch(url, init) : await undiciFetch(url, { ...init, dispatcher: options.dispatcher })
  return { status: res.status, text: await res.text() }
}

/** Parses an NDJSON body (one value per line); `[]` for an empty body */
export function parseJsonLines<T = unknown> (text: string): T[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as T)
}

/** Fetches and parses a JSON answer; any status outside 2xx throws `HttpStatusError` */
export async function fetchJson<T = unknown> (url: string, options: HttpJsonOptions = {}): Promise<T> {
  const { status, text } = await fetchText(url, options)
  if (status < 200 || status > 299) throw new HttpStatusError(url, status, text)
  return (text.trim() === '' ? undefined : JSON.parse(text)) as T
}

/** Fetches an NDJSON answer (a 204 or empty body is `[]`); any status outside 2xx throws `HttpStatusError` */
export async function fetchJsonLines<T = unknown> (url: string, options: HttpJsonOptions = {}): Promise<T[]> {
  const { status, text } = await fetchText(url, options)
  if (status < 200 || status > 299) throw new HttpStatusError(url, status, text)
  return parseJsonLines<T>(text)
}
