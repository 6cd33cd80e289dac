/**
 * Go's `url.QueryUnescape` and `url.ParseQuery`, as Kubo reads query strings and multipart
 * file names: `+` is a space, `%XX` is a byte, and the bytes are UTF-8.
 */

const decoder = new TextDecoder()

function hexValue (c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  if (c >= 0x61 && c <= 0x66) return c - 0x57
  if (c >= 0x41 && c <= 0x46) return c - 0x37
  return -1
}

/** `url.QueryUnescape`: returns `undefined` on a malformed `%` escape, like Go's error */
export function queryUnescape (text: string): string | undefined {
  if (!text.includes('%') && !text.includes('+')) {
    return text
  }
  const input = Buffer.from(text, 'utf8')
  const output = Buffer.alloc(input.length)
  let length = 0
  for (let i = 0; i < input.length; i++) {
    const c = input[i]
    if (c === 0x25) {
      const high = hexValue(input[i + 1] ?? -1)
      const low = hexValue(input[i + 2] ?? -1)
      if (high < 0 || low < 0) {
        return undefined
      }
      output[length++] = high * 16 + low
      i += 2
    } else {
      output[length++] = c === 0x2b ? 0x20 : c
    }
  }
  return decoder.decode(output.subarray(0, length))
}

/**
 * `url.ParseQuery` as `r.URL.Query()` uses it: pairs split on `&`, a pair with `;` or a bad
 * escape is dropped, keys keep their first-seen order and collect every value.
 */
export function parseQuery (query: string): Map<string, string[]> {
  const values = new Map<string, string[]>()
  for (const pair of query.split('&')) {
    if (pair === '' || pair.includes(';')) {
      continue
    }
    const eq = pair.indexOf('=')
    const key = queryUnescape(eq === -1 ? pair : pair.slice(0, eq))
    const value = queryUnescape(eq === -1 ? '' : pair.slice(eq + 1))
    if (key === undefined || value === undefined) {
      continue
    }
    const list = values.get(key)
    if (list === undefined) {
      values.set(key, [value])
    } else {
      list.push(value)
    }
  }
  return values
}
