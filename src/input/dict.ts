/**
 * Objects keyed by names that come from input (policy condition operators and keys, principal types,
 * tags, for_each keys, config maps). A plain `{}` inherits Object.prototype, so a key named
 * `constructor` or `toString` reads back a function and `__proto__` replaces the prototype (or, one
 * level down, writes into Object.prototype itself). A null-prototype object holds any name as data.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A copy of `source` with a null prototype; own enumerable keys only. */
export function dictFrom<T>(source: Record<string, T> | undefined): Record<string, T> {
  const out = dict<T>();
  if (source) for (const [k, v] of Object.entries(source)) out[k] = v;
  return out;
}
