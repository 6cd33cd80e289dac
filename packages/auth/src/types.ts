/** What a secret may do beyond its `AllowedPaths`: everything, or only commands that change nothing */
export type AuthScope = 'full' | 'read-only'

/**
 * One user of Kubo's `API.Authorizations` (kubo `config.RPCAuthScope`), plus our `scope`.
 * A Kubo config can be reused as it is.
 */
export interface AuthorizationEntry {
  /**
   * `bearer:<token>`, `basic:<user>:<password>`, `basic:<base64 of user:password>`, or a bare
   * token (no `:`), which means bearer. Any other `<type>:` makes Kubo ignore the entry.
   */
  AuthSecret: string
  /**
   * `/api/v0/...` path prefixes this secret may call; `["/api/v0"]` is everything.
   * `/api/v0/version` is always allowed.
   *
   * @default []
   */
  AllowedPaths?: string[]
  /**
   * Our extension: `read-only` also requires the command to be on the read-only list.
   *
   * @default 'full'
   */
  scope?: AuthScope
}

/** Kubo's `API.Authorizations`: user name to {@link AuthorizationEntry} */
export type Authorizations = Record<string, AuthorizationEntry>

/** Who made a request, stored in `ctx.state` under `'auth'` once the secret matched */
export interface AuthPrincipal {
  /** The user name (the key in `API.Authorizations`) */
  name: string
  scope: AuthScope
}
