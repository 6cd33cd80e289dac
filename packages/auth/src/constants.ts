/** Kubo's 403 text for a missing, wrong or insufficient `Authorization` (kubo `core/corehttp/commands.go`) */
export const ACCESS_DENIED_MESSAGE = 'Kubo RPC Access Denied: Please provide a valid authorization token as defined in the API.Authorizations configuration.'

/** The `ctx.state` key under which the authenticated {@link AuthPrincipal} is stored */
export const AUTH_STATE_KEY = 'auth'

/** Environment variable holding `API.Authorizations` as JSON */
export const AUTHORIZATIONS_ENV = 'COMPOSITE_IPFS_API_AUTHORIZATIONS'

/** Environment variable holding the path of a JSON file with `API.Authorizations` (the `*_FILE` convention) */
export const AUTHORIZATIONS_FILE_ENV = 'COMPOSITE_IPFS_API_AUTHORIZATIONS_FILE'

/** Kubo always lets any valid secret call this exact path, so clients can check the version */
export const VERSION_PATH = '/api/v0/version'

/** Where Kubo mounts its RPC handler, and so its authorization check */
export const API_PREFIX = '/api/v0/'
