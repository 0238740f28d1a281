/**
 * What plan adapters share: typed reads of raw values that respect `after_unknown` and
 * `after_sensitive`, reference following through `configuration`, and policy attributes.
 */
import { citeDefault, type DocumentedDefault } from '../../model/defaults.js';
import type { Entity, EntityKind, Meta, Ref } from '../../model/types.js';
import { type FieldOf, markUnknown, setDefault, setExplicit } from '../../model/values.js';
import type { Inventory } from '../../model/inventory.js';
import { parsePolicy, type PolicyValue } from '../../policy/policyDocument.js';
import { expressionAt, isObject, own, referencesOf, resolveReferences } from '../configuration.js';
import type { LoadedPlan, RawResource } from '../planLoader.js';
import { dict } from '../../input/dict.js';
import { rebuildPolicyDocument } from './policyDocumentData.js';
import { type Path, sensitiveAt, str, unknownAt, value } from './raw.js';

export type { Path } from './raw.js';
export { block, blocks, bool, num, sensitiveAt, str, strings, unknownAt, value } from './raw.js';

export interface AdapterContext {
  plan: LoadedPlan;
  inventory: Inventory;
  emit(entity: Entity): void;
}

export type Adapter = (raw: RawResource, ctx: AdapterContext) => void;

/**
 * What a module of adapters declares: each Terraform resource type it reads (dispatched to an adapter
 * or folder, or looked up from one) and the model kinds it fills from that type. `rules --format json`
 * and `explain` derive each rule's Terraform types from these declarations and the kinds a rule reads.
 */
export type Fills = Readonly<Record<string, readonly EntityKind[]>>;

export function tags(raw: RawResource): Record<string, string> | undefined {
  const t = own(raw.values, 'tags');
  if (!isObject(t)) return undefined;
  const out = dict<string>();
  for (const [k, v] of Object.entries(t)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Whether the configuration sets this attribute at all (unknown values keep a set expression). A literal
 * `null` is Terraform's "unset": the provider's default applies as if the line were not written.
 */
export function configSets(raw: RawResource, path: Path): boolean {
  const e = expressionAt(raw.config?.expressions, path);
  if (e === undefined) return false;
  return !(isObject(e) && Object.keys(e).length === 1 && own(e, 'constant_value') === null);
}

/** Addresses the configuration expression at `path` refers to (through module variables/outputs). */
export function referencedAddresses(ctx: AdapterContext, raw: RawResource, path: Path, every = false): string[] {
  const refs = referencesOf(expressionAt(raw.config?.expressions, path));
  if (refs.length === 0) return [];
  // A list attribute naming `aws_subnet.private[*].id` means every instance; a single one means the
  // instance nearest the referrer (same module, same count.index).
  const canonical = every
    ? (a: string) => ctx.plan.instances(a, raw.address)
    : (a: string) => ctx.plan.canonical(a, raw.address);
  return resolveReferences(ctx.plan.config, raw.modulePath, refs, canonical);
}

/**
 * References held by an attribute: known ids as given, unknown ones resolved through configuration
 * to addresses. Both are kept when known so a relation holds either way.
 */
export function refsAt(ctx: AdapterContext, raw: RawResource, path: Path, every = true): Ref[] {
  const v = value(raw, path);
  const ids =
    typeof v === 'string' && v !== ''
      ? [v]
      : Array.isArray(v)
        ? v.filter((x): x is string => typeof x === 'string' && x !== '')
        : [];
  const addresses = referencedAddresses(ctx, raw, path, every && typeof v !== 'string');
  if (ids.length === 0) return addresses.map((address) => ({ address }));
  if (addresses.length === ids.length) return ids.map((id, i) => ({ id, address: addresses[i] }));
  return [...ids.map((id) => ({ id })), ...addresses.map((address) => ({ address }))];
}

export function refAt(ctx: AdapterContext, raw: RawResource, path: Path): Ref | undefined {
  return refsAt(ctx, raw, path, false)[0];
}

/**
 * A policy attribute: parsed when known; when unknown, rebuilt from the `aws_iam_policy_document`
 * it references; otherwise an unknown value naming what is unknown. Undefined when not set.
 */
export function policyAt(ctx: AdapterContext, raw: RawResource, path: Path): PolicyValue | undefined {
  const origin = `${raw.address}.${path.join('.')}`;
  const v = value(raw, path);
  if (typeof v === 'string' && v.trim() !== '') return parsePolicy(v, origin);
  if (isObject(v)) return parsePolicy(v, origin);
  // A number, a boolean or a list where a policy document belongs is a value nobody can read, never "no policy".
  if (v !== undefined && v !== null && typeof v !== 'string')
    return {
      state: 'malformed',
      origin,
      error: `a policy must be a JSON document; found ${Array.isArray(v) ? 'a list' : `a ${typeof v}`}`,
    };
  if (!unknownAt(raw, path)) return undefined;
  for (const address of referencedAddresses(ctx, raw, path)) {
    const source = ctx.plan.byAddress.get(address);
    if (source?.type === 'aws_iam_policy_document') {
      const rebuilt = rebuildPolicyDocument(source);
      if (rebuilt) return rebuilt;
    }
  }
  const refs = referencesOf(expressionAt(raw.config?.expressions, path));
  const what = refs.length
    ? `${origin} is unknown until apply (built from ${refs.join(', ')})`
    : `${origin} is unknown until apply`;
  return { state: 'unknown', origin, what };
}

/**
 * An Optional+Computed policy attribute (key policy, endpoint policy): left unset, the plan shows it
 * unknown and the service writes its documented default, so only the configuration tells "not set"
 * from "unknown". Without a configuration (state JSON, old plans) a value present is what the service
 * holds and is judged as written, even when it cannot be parsed; a blank one is malformed, never absent.
 */
export function computedPolicyAt(ctx: AdapterContext, raw: RawResource, path: Path, meta: Meta): PolicyValue {
  const origin = `${raw.address}.${path.join('.')}`;
  if (raw.config !== undefined && !configSets(raw, path)) {
    // Unset: the computed value is the service's default policy, not an unknown.
    if (meta.unknown) meta.unknown = meta.unknown.filter((f) => f !== path.join('.'));
    return { state: 'absent', origin };
  }
  const v = value(raw, path);
  if (raw.config === undefined && typeof v === 'string' && v.trim() === '')
    return { state: 'malformed', origin, error: 'the policy is an empty string' };
  return policyAt(ctx, raw, path) ?? { state: 'absent', origin };
}

/**
 * Whether the plan settles an attribute or leaves it to the provider: absent from the plan (neither in
 * `after` nor in `after_unknown`), or computed and not written in `configuration`, the provider's
 * documented default applies; computed with an expression (or with no configuration to consult), it is
 * unknown until apply.
 */
export function attributeState(raw: RawResource, path: Path): 'given' | 'default' | 'unknown' {
  const v = value(raw, path);
  if (v !== undefined && v !== null) return 'given';
  if (!unknownAt(raw, path)) return 'default';
  return raw.config !== undefined && !configSets(raw, path) ? 'default' : 'unknown';
}

/**
 * Fill one field from an attribute with a documented default (defaults.ts): the value as written, the
 * default (cited in the entity's provenance), or unknown until apply.
 */
export function readWithDefault<E extends Entity, F extends FieldOf<E>>(
  entity: E,
  field: F,
  raw: RawResource,
  path: Path,
  read: (raw: RawResource, path: Path) => E[F] | undefined,
  d: DocumentedDefault<E[F]>,
): void {
  const state = attributeState(raw, path);
  const given = read(raw, path);
  if (state === 'given' && given !== undefined) setExplicit(entity, field, given);
  else if (state === 'default') setDefault(entity, field, d.value, citeDefault(d));
  else markUnknown(entity, field);
}

/** A resource's own `region` argument (AWS provider v6): read for every entity, so the path is made once. */
const REGION_PATH: Path = ['region'];

export function regionOf(raw: RawResource): string | undefined {
  return str(raw, REGION_PATH) ?? raw.provider.region;
}

/**
 * Meta for an entity built from `raw`: `fields` maps model fields to Terraform attribute paths, so
 * unknown/sensitive state and evidence sources are derived per field, not stored per value.
 */
export function metaOf(raw: RawResource, fields: Readonly<Record<string, Path>>): Meta {
  const meta: Meta = { source: 'plan', address: raw.address, type: raw.type, providerKey: raw.provider.key };
  const region = regionOf(raw);
  if (region) meta.region = region;
  if (raw.provider.account) meta.account = raw.provider.account;
  if (raw.unknown !== undefined || raw.sensitive !== undefined) {
    for (const field of Object.keys(fields)) {
      const path = fields[field] as Path;
      if (raw.unknown !== undefined && unknownAt(raw, path)) (meta.unknown ??= []).push(field);
      if (raw.sensitive !== undefined && sensitiveAt(raw, path)) (meta.sensitive ??= []).push(field);
    }
  }
  // Evidence sources are derived from the field paths when asked (originOf), not stored per value.
  meta.fields = fields;
  return meta;
}
