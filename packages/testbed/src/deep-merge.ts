type Json = Record<string, unknown>

function isPlainObject (value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Merges `patch` into `target` in place: objects merge key by key, everything else (arrays
 * included) replaces; an `undefined` value deletes the key (how callers drop a config section).
 */
export function deepMerge (target: Json, patch: Json): Json {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
      delete target[key]
    } else if (isPlainObject(value) && isPlainObject(target[key])) {
      deepMerge(target[key], value)
    } else {
      target[key] = value
    }
  }
  return target
}
