/**
 * Typed reads of a planned resource's raw values that respect `after_unknown` and `after_sensitive`.
 * Kept apart from the adapter context so the policy-document rebuild can use them without a cycle.
 */
import { isObject, own, type Json, type JsonObject } from '../configuration.js';
import type { RawResource } from '../planLoader.js';

export type Path = ReadonlyArray<string | number>;

function at(tree: Json | undefined, path: Path): Json | undefined {
  let cur = tree;
  for (const step of path) {
    if (cur === true) return true;
    if (cur === undefined || cur === null) return undefined;
    cur = typeof step === 'number' ? (Array.isArray(cur) ? cur[step] : undefined) : own(cur, step);
  }
  return cur;
}

function containsTrue(tree: Json | undefined, budget = 10_000): boolean {
  // Most paths lead to `true`, `false` or nothing: settled without building a stack.
  if (tree === true) return true;
  if (tree === undefined || tree === null || typeof tree !== 'object') return false;
  const stack: Json[] = [tree];
  while (stack.length && budget-- > 0) {
    const t = stack.pop() as Json;
    if (t === true) return true;
    if (Array.isArray(t)) stack.push(...t);
    else if (isObject(t)) for (const v of Object.values(t)) stack.push(v);
  }
  return false;
}

/** True when the value at `path` (or part of it) is unknown until apply. */
export function unknownAt(raw: RawResource, path: Path): boolean {
  return raw.unknown !== undefined && containsTrue(at(raw.unknown, path));
}

export function sensitiveAt(raw: RawResource, path: Path): boolean {
  return raw.sensitive !== undefined && containsTrue(at(raw.sensitive, path));
}

export function value(raw: RawResource, path: Path): Json | undefined {
  return at(raw.values, path);
}

export function str(raw: RawResource, path: Path): string | undefined {
  const v = value(raw, path);
  return typeof v === 'string' ? v : undefined;
}

export function bool(raw: RawResource, path: Path): boolean | undefined {
  const v = value(raw, path);
  return typeof v === 'boolean' ? v : undefined;
}

export function num(raw: RawResource, path: Path): number | undefined {
  const v = value(raw, path);
  return typeof v === 'number'
    ? v
    : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v))
      ? Number(v)
      : undefined;
}

export function strings(raw: RawResource, path: Path): string[] {
  const v = value(raw, path);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** First element of a nested block (`vpc_config[0]`), or the object itself for object attributes. */
export function block(raw: RawResource, path: Path): JsonObject | undefined {
  const v = value(raw, path);
  if (Array.isArray(v)) return isObject(v[0]) ? v[0] : undefined;
  return isObject(v) ? v : undefined;
}

export function blocks(raw: RawResource, path: Path): JsonObject[] {
  const v = value(raw, path);
  return Array.isArray(v) ? v.filter(isObject) : isObject(v) ? [v] : [];
}
