/** A header to set: a name and its value */
export type HeaderPair = readonly [name: string, value: string]

export interface CorsOptions {
  allowedOrigins: readonly string[]
  allowedMethods: readonly string[]
  allowedHeaders: readonly string[]
  allowCredentials: boolean
}

/** What rs/cors looks at in a request */
export interface CorsRequest {
  method: string
  origin?: string
  /** `Access-Control-Request-Method`, for preflights */
  requestMethod?: string
  /** Every `Access-Control-Request-Headers` line, for preflights */
  requestHeaders?: readonly string[]
}

const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'

/**
 * The CORS answers of rs/cors v1.11.1 as go-ipfs-cmds configures it. rs/cors lower-cases
 * origins and honours one `*` wildcard per origin (`http://*.example.com`); the CSRF gate
 * does neither, so an origin can get CORS headers and still be refused with 403, as in Kubo.
 */
export class Cors {
  private readonly allOrigins: boolean
  private readonly origins: Set<string>
  private readonly wildcards: Array<[prefix: string, suffix: string]>
  private readonly methods: readonly string[]
  private readonly allHeaders: boolean
  private readonly headers: Map<string, number>
  private readonly credentials: HeaderPair[]

  constructor (options: CorsOptions) {
    const origins = options.allowedOrigins.map(o => o.toLowerCase())
    this.allOrigins = origins.includes('*')
    this.origins = new Set(origins.filter(o => !o.includes('*')))
    this.wildcards = origins.filter(o => o.includes('*')).map(o => {
      const i = o.indexOf('*')
      return [o.slice(0, i), o.slice(i + 1)]
    })
    this.methods = options.allowedMethods
    this.allHeaders = options.allowedHeaders.includes('*')
    const sorted = [...new Set(options.allowedHeaders.map(h => h.toLowerCase()))].sort()
    this.headers = new Map(sorted.map((h, i) => [h, i]))
    this.credentials = options.allowCredentials ? [['Access-Control-Allow-Credentials', 'true']] : []
  }

  /** The headers of the 204 answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`) */
  preflight (request: CorsRequest): HeaderPair[] {
    const vary: HeaderPair = ['Vary', PREFLIGHT_VARY]
    const { origin, requestMethod = '', requestHeaders } = request
    if (origin === undefined || !this.originAllowed(origin) || !this.methodAllowed(requestMethod)) return [vary]
    if (requestHeaders !== undefined && !this.allHeaders && !this.headersAccepted(requestHeaders)) return [vary]
    const out: HeaderPair[] = [vary, this.allowOrigin(origin), ['Access-Control-Allow-Methods', requestMethod]]
    const echoed = requestHeaders?.[0]
    if (echoed !== undefined && echoed !== '') out.push(['Access-Control-Allow-Headers', requestHeaders!.join(', ')])
    return [...out, ...this.credentials]
  }

  /** The CORS headers of any other request (`Vary: Origin` is added by the caller, always) */
  actual (request: CorsRequest): HeaderPair[] {
    const { origin, method } = request
    if (origin === undefined || !this.originAllowed(origin) || !this.methodAllowed(method)) return []
    return [this.allowOrigin(origin), ...this.credentials]
  }

  private allowOrigin (origin: string): HeaderPair {
    return ['Access-Control-Allow-Origin', this.allOrigins ? '*' : origin]
  }

  private originAllowed (origin: string): boolean {
    if (this.allOrigins) return true
    const o = origin.toLowerCase()
    if (this.origins.has(o)) return true
    return this.wildcards.some(([prefix, suffix]) => o.length >= prefix.length + suffix.length && o.startsWith(prefix) && o.endsWith(suffix))
  }

  private methodAllowed (method: string): boolean {
    if (this.methods.length === 0) return false
    return method === 'OPTIONS' || this.methods.includes(method)
  }

  /**
   * rs/cors' `SortedSet.Accepts`: the requested names must be allowed, lower-case, sorted and
   * unique, as the Fetch standard sends them (so `Content-Type` is refused, `content-type` is not).
   */
  private headersAccepted (lines: readonly string[]): boolean {
    let last = -1
    let empty = 0
    for (const line of lines) {
      for (const raw of line.split(',')) {
        const name = raw.replace(/^[ \t]/, '').replace(/[ \t]$/, '')
        if (/^[ \t]|[ \t]$/.test(name)) return false
        if (name === '') {
          if (++empty > 16) return false
          continue
        }
        const pos = this.headers.get(name)
        if (pos === undefined || pos <= last) return false
        last = pos
      }
    }
    return true
  }
}
