/** A command forwarded as it came, for commands without a typed handler */
export interface RawRequest {
  /** The command path under `/api/v0/`, e.g. `key/list` */
  command: string
  /** The query string as received, without `?` */
  query: string
  /** Request headers worth forwarding (content-type, content-length); never Origin, Referer, User-Agent or credentials */
  headers: Record<string, string>
  /** The request body, streamed; absent when the request has none */
  body?: AsyncIterable<Uint8Array>
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[]>
  body: AsyncIterable<Uint8Array>
  /** Resolves with the upstream trailers (`X-Stream-Error`) once the body has ended */
  trailers?: Promise<Record<string, string>>
}
