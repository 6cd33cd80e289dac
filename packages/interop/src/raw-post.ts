import { request } from 'undici'

export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: Buffer
  trailers: Record<string, string>
}

/** Sends one raw request and captures status, headers, body bytes and trailers */
export async function rawPost (base: string, path: string, init: { method?: string, headers?: Record<string, string>, body?: string | Uint8Array } = {}): Promise<RawAnswer> {
  const res = await request(new URL(path, base), {
    method: (init.method ?? 'POST') as 'POST',
    headers: init.headers,
    body: init.body
  })
  const chunks: Buffer[] = []
  for await (const chunk of res.body) chunks.push(chunk as Buffer)
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v)
  const trailers: Record<string, string> = {}
  for (const [k, v] of Object.entries(res.trailers ?? {})) trailers[k] = Array.isArray(v) ? v.join(', ') : String(v)
  return { status: res.statusCode, headers, body: Buffer.concat(chunks), trailers }
}
