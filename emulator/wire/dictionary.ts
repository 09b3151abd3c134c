/**
 * Dictionaries keyed by what a caller sent (parameter and header names). They have no prototype,
 * so a name such as `constructor` or `__proto__` is a key like any other, never an inherited member.
 */

export type Dictionary<T = string> = Record<string, T>;

export function dictionary<T = string>(entries: Iterable<[string, T]> = []): Dictionary<T> {
  const result: Dictionary<T> = Object.create(null);
  for (const [key, value] of entries) result[key] = value;
  return result;
}

/** The entries of every source in order; a later source's value wins. */
export function merged<T>(...sources: Dictionary<T>[]): Dictionary<T> {
  return dictionary(sources.flatMap((source) => Object.entries(source)));
}
