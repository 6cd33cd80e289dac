import { basicAuthorization } from '@composite-ipfs/interface'
/**
 * The `Authorization` header value a Kubo `AuthSecret` stands for (kubo `config.ConvertAuthSecret`):
 *
 * - `bearer:<token>` is `Bearer <token>`; a secret without `:` is a bearer token too;
 * - `basic:<user>:<password>` is `Basic <base64(user:password)>`;
 * - `basic:<value>` (no second `:`) is `Basic <value>`, taken as already encoded;
 * - any other `<type>:` prefix, and the empty string, give `''`: the entry never matches.
 *
 * Prefixes are case-sensitive and the header must then be equal byte for byte, as in Kubo.
 */
export function authorizationHeaderOf (secret: string): string {
  if (secret === '') {
    return ''
  }
  const colon = secret.indexOf(':')
  if (colon === -1) {
    return `Bearer ${secret}`
  }
  const value = secret.slice(colon + 1)
  if (secret.startsWith('basic:')) {
    // `basic:user:password`, or `basic:<base64>` already encoded, as Kubo accepts
    const split = value.indexOf(':')
    return split === -1 ? `Basic ${value}` : basicAuthorization(value.slice(0, split), value.slice(split + 1))
  }
  if (secret.startsWith('bearer:')) {
    return `Bearer ${value}`
  }
  return ''
}
