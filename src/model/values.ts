/**
 * The typed value API: what a source knows about one field of one entity, and how sure it is.
 *
 * A field is in one of four states:
 * - `explicit`: the input gives the value (a Terraform attribute the author set, an API answer);
 * - `default`: the input leaves it unset and the provider or service documents what applies (see
 *   `defaults.ts`); the value is judged like an explicit one, and evidence says it was a default;
 * - `unknown`: Terraform knows it only after apply;
 * - `unreadable`: a live scan could not read it (the call that would have answered failed).
 *
 * Fields are named by the entity's own keys (`keyof`), never by free strings, and every state carries
 * where it came from and whether the value is sensitive. Sources write through `setExplicit`,
 * `setDefault`, `markUnknown`, `markUnreadable` and `markSensitive`; rules read through `fieldValue`, which
 * hands back the state first, so a reader cannot take a value without meeting the states that have none.
 * The state is kept in the entity's `meta` side tables (`unknown`, `unreadable`, `defaults`, `origin`,
 * `sensitive`), which only this module and `inventory.ts` touch by name.
 */
import type { Entity, Meta } from './types.js';

/** The model fields of an entity (everything but `kind` and `meta`). */
export type FieldOf<E> = Exclude<keyof E, 'kind' | 'meta'> & string;
/** A field of any member of a union of entities (evidence about a policy holder names `policy` or `policies`). */
export type AnyFieldOf<E> = E extends unknown ? FieldOf<E> : never;

interface Provenance {
  /** Terraform address + attribute path, or API call (+ resource), that settled the state. */
  origin: string;
  /** Never printed: evidence shows a placeholder, messages must not quote it. */
  sensitive: boolean;
}

export type Value<T> =
  | ({ state: 'explicit'; value: T } & Provenance)
  | ({ state: 'default'; value: T; basis: string } & Provenance)
  | ({ state: 'unknown' } & Provenance)
  | ({ state: 'unreadable'; call: string } & Provenance);

export type Settled<T> = Extract<Value<T>, { state: 'explicit' | 'default' }>;
export type Unsettled = Extract<Value<unknown>, { state: 'unknown' | 'unreadable' }>;

function matches(list: readonly string[] | undefined, field: string): boolean {
  if (!list) return false;
  for (const f of list) if (f === field || field.startsWith(`${f}.`) || f.startsWith(`${field}.`)) return true;
  return false;
}

/** Where a field was set: a folded resource or API call, else `<address>.<terraform path>`. */
export function originOfField(meta: Meta, field: string): string {
  const set = meta.origin?.[field];
  if (set) return set;
  const path = meta.fields?.[field];
  return path ? `${meta.address}.${path.join('.')}` : meta.address;
}

export function sensitiveField(meta: Meta, field: string): boolean {
  const s = meta.sensitive;
  if (!s) return false;
  for (const f of s) if (f === field || field.startsWith(`${f}.`)) return true;
  return false;
}

/** The state of one field. */
export function fieldValue<E extends Entity, F extends FieldOf<E>>(entity: E, field: F): Value<E[F]> {
  const meta = entity.meta;
  const sensitive = sensitiveField(meta, field);
  const call = meta.unreadable?.[field];
  if (call !== undefined) return { state: 'unreadable', call, origin: originOfField(meta, field), sensitive };
  if (matches(meta.unknown, field)) return { state: 'unknown', origin: originOfField(meta, field), sensitive };
  const basis = meta.defaults?.[field];
  const origin = originOfField(meta, field);
  if (basis !== undefined) return { state: 'default', value: entity[field], basis, origin, sensitive };
  return { state: 'explicit', value: entity[field], origin, sensitive };
}

/** Whether the field's value is settled by the input (explicitly or by a documented default). */
export function isSettled<T>(v: Value<T>): v is Settled<T> {
  return v.state === 'explicit' || v.state === 'default';
}

/** A field the input leaves to the provider's documented default; `basis` cites the default (defaults.ts). */
export function setDefault<E extends Entity, F extends FieldOf<E>>(
  entity: E,
  field: F,
  value: E[F],
  basis: string,
): void {
  entity[field] = value;
  (entity.meta.defaults ??= {})[field] = basis;
  const u = entity.meta.unknown;
  if (u?.includes(field)) entity.meta.unknown = u.filter((f) => f !== field);
}

/** A value the input gives, set where `origin` says (a folded resource, an API call). */
export function setExplicit<E extends Entity, F extends FieldOf<E>>(
  entity: E,
  field: F,
  value: E[F],
  origin?: string,
): void {
  entity[field] = value;
  if (origin !== undefined) (entity.meta.origin ??= {})[field] = origin;
  if (entity.meta.defaults?.[field] !== undefined) delete entity.meta.defaults[field];
  const u = entity.meta.unknown;
  if (u?.includes(field)) entity.meta.unknown = u.filter((f) => f !== field);
}

/** A value known only after apply; `origin` names where it was (or would have been) set. */
export function markUnknown<E extends Entity>(entity: E, field: FieldOf<E>, origin?: string): void {
  const u = (entity.meta.unknown ??= []);
  if (!u.includes(field)) u.push(field);
  if (origin !== undefined) (entity.meta.origin ??= {})[field] = origin;
  if (entity.meta.defaults?.[field] !== undefined) delete entity.meta.defaults[field];
}

/** A value a live scan could not read: `call` is the API call that failed. */
export function markUnreadable<E extends Entity>(entity: E, field: FieldOf<E>, call: string): void {
  markUnreadableMeta(entity.meta, field, call);
}

/** As `markUnreadable`, for a collector that fills `meta` before the entity is complete. */
export function markUnreadableMeta(meta: Meta, field: string, call: string): void {
  (meta.unreadable ??= {})[field] = call;
  (meta.origin ??= {})[field] = `${call} (failed)`;
}

export function markSensitive<E extends Entity>(entity: E, field: FieldOf<E>): void {
  const s = (entity.meta.sensitive ??= []);
  if (!s.includes(field)) s.push(field);
}

/** What a message may say about a value: the value itself, or a placeholder when it is sensitive. */
export const REDACTED = '(sensitive)';
export function shown<T>(v: Value<T>, text: (value: T) => string): string {
  if (v.sensitive) return REDACTED;
  return isSettled(v) ? text(v.value) : v.state === 'unknown' ? '(known after apply)' : '(not readable)';
}
