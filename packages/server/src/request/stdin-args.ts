/**
 * Kubo string arguments marked `EnableStdin` can come from the request body: when the body is
 * multipart, its first file is read as newline-separated arguments (the Go CLI sends piped
 * stdin this way, as a part named `stdin`). A missing required argument takes the first line;
 * commands that call `ParseBodyArgs` (pin add, pin rm, cat, refs) also append every other line,
 * even when the query carried arguments too.
 */
export const STDIN_ARGS: Readonly<Record<string, 'one' | 'all'>> = {
  'pin/add': 'all',
  'pin/rm': 'all',
  cat: 'all',
  refs: 'all',
  get: 'one',
  resolve: 'one',
  'block/stat': 'one',
  'block/get': 'one',
  'dag/get': 'one',
  'dag/export': 'one',
  'swarm/connect': 'one'
}

/** go-ipfs-cmds `arguments.Scan`: lines split on `\n`, a trailing `\r` dropped, a last unterminated line kept */
export function scanLines (text: string): string[] {
  if (text === '') {
    return []
  }
  const lines = text.split('\n')
  const last = lines.pop() ?? ''
  const scanned = lines.map((line) => line.endsWith('\r') ? line.slice(0, -1) : line)
  if (last !== '') {
    scanned.push(last)
  }
  return scanned
}

/** Merges body lines into the arguments the way CheckArguments and ParseBodyArgs do */
export function mergeStdinArgs (args: readonly string[], lines: readonly string[], missing: boolean, mode: 'one' | 'all'): string[] {
  const merged = [...args]
  let rest = [...lines]
  if (missing && rest.length > 0) {
    merged.push(rest[0])
    rest = rest.slice(1)
  }
  if (mode === 'all') {
    merged.push(...rest)
  }
  return merged
}
