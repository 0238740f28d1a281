/**
 * What rules share: how to name the resource a result is about, how to quote evidence (redacted
 * when sensitive), and the scopes absences are reported against.
 */
import type { CollectionGap, Inventory } from '../model/inventory.js';
import type { Entity, EntityKind } from '../model/types.js';
import { type AnyFieldOf, originOfField, REDACTED, sensitiveField, type Unsettled } from '../model/values.js';
import type { Evidence, Reason, ResourceRef, RuleResult, Severity } from './types.js';

export { REDACTED };

export function resourceOf(entity: Entity): ResourceRef {
  const r: ResourceRef = { address: entity.meta.address, type: entity.meta.type };
  if (entity.meta.region) r.region = entity.meta.region;
  if (entity.meta.account) r.account = entity.meta.account;
  if (entity.meta.input) r.input = entity.meta.input;
  return r;
}

/** `account/<id>` or `account/<id>/region/<region>`; `unknown` where the input does not tell the account. */
export function scopeResource(inventory: Inventory, region?: string, inAccount?: string): ResourceRef {
  const account = inAccount ?? inventory.accounts[0] ?? 'unknown';
  if (region)
    return {
      address: `account/${account}/region/${region}`,
      type: 'aws_account_region',
      region,
      ...(account !== 'unknown' ? { account } : {}),
    };
  return { address: `account/${account}`, type: 'aws_account', ...(account !== 'unknown' ? { account } : {}) };
}

/**
 * The accounts an absence is judged in. A scan of several accounts (`--accounts`, merged shards or plans)
 * judges each on its own, since what one account holds (a trail, a logging configuration) says nothing of
 * another; one account, or none known, is the inventory's single scope (`undefined`), as `scopeResource`
 * addresses it.
 */
export function absenceAccounts(inventory: Inventory): Array<string | undefined> {
  return inventory.accounts.length > 1 ? [...inventory.accounts] : [undefined];
}

/** Whether an entity is one of an account's (`undefined`: the inventory's single scope, which holds them all). */
export function inAccount(entity: Entity, account: string | undefined): boolean {
  return account === undefined || entity.meta.account === account;
}

/**
 * A statement about a whole scope (a setting that leaves a rule inapplicable), once per account that holds
 * any of `entities` in a scan of several accounts, else once for the inventory; none without entities.
 */
export function scopesHolding(inventory: Inventory, entities: readonly Entity[]): ResourceRef[] {
  if (entities.length === 0) return [];
  if (inventory.accounts.length <= 1) return [scopeResource(inventory)];
  const held = new Set(entities.map((e) => e.meta.account ?? 'unknown'));
  const order = [...inventory.accounts, ...[...held].filter((a) => !inventory.accounts.includes(a)).sort()];
  return order.filter((a) => held.has(a)).map((a) => scopeResource(inventory, undefined, a));
}

/**
 * A gap that left a kind unread in a whole account (its role could not be assumed, or the scan left the
 * service out): an absence of that kind there is no finding, and the gap's own result says not assessed.
 */
export function unreadInAccount(inventory: Inventory, kind: EntityKind, account: string | undefined): boolean {
  return inventory.gaps.some(
    (g) =>
      g.region === undefined &&
      g.kinds.includes(kind) &&
      (g.account === undefined || account === undefined || g.account === account),
  );
}

/** A model field of the entity, or `region` (where the entity lives). */
export type EvidencePath<E> = AnyFieldOf<E> | 'region';

/**
 * Evidence about a model field of an entity. The source is the field's provenance (and says when the
 * value was the provider's documented default); the observed value is redacted when the field is
 * sensitive, whatever the caller passes.
 */
export function evidence<E extends Entity>(
  entity: E,
  field: EvidencePath<E>,
  observed: unknown,
  expected: string,
  source?: string,
): Evidence {
  if (field === 'region')
    return { path: field, observed: normalizeObserved(observed), expected, source: source ?? entity.meta.address };
  const meta = entity.meta;
  const origin = source ?? originOfField(meta, field);
  const basis = meta.defaults?.[field];
  return {
    path: field,
    observed: sensitiveField(meta, field) ? REDACTED : normalizeObserved(observed),
    expected,
    source: basis !== undefined ? `${origin} (not set: ${basis})` : origin,
  };
}

/**
 * Evidence about something the input lacks or a relation between resources (no gateway, no flow log),
 * which no single field holds: the caller names what was looked for and where.
 */
export function absenceEvidence(path: string, observed: unknown, expected: string, source: string): Evidence {
  return { path, observed: normalizeObserved(observed), expected, source };
}

/** The reason a value that is not settled gives: unknown until apply, or not readable live. */
export function reasonFor(v: Pick<Unsettled, 'state'>): Reason {
  return v.state === 'unreadable' ? 'access-denied' : 'unknown-at-plan';
}

/**
 * The reason a collection gap gives. A region that is not enabled is outside what the account can hold,
 * and a service the scan was told to leave out is outside what it was asked to read; a refused call and
 * any other failure (HTTP 500, a garbled answer, a reset, a timeout) leave data that exists unread, which
 * the reason `access-denied` stands for (docs/aws.md "When a call fails").
 */
export function gapReason(gap: CollectionGap): Reason {
  return gap.reason === 'region-not-enabled' || gap.reason === 'not-collected' ? 'out-of-scope' : 'access-denied';
}

/**
 * The not-assessed result for a value only a plan leaves unknown: one member of a list (a route, a
 * rule, a statement, a pinned condition), or a provider's region; a live answer always has them.
 */
export function planUnknown(resource: ResourceRef, init: ResultInit): RuleResult {
  return notAssessed(resource, 'unknown-at-plan', init);
}

/**
 * The reason for fields of an entity the input does not settle: not readable live outranks unknown
 * until apply, so a refused call is never reported as a plan-time unknown.
 */
export function unsettledReason<E extends Entity>(entity: E, ...fields: AnyFieldOf<E>[]): Reason {
  return fields.some((f) => entity.meta.unreadable?.[f] !== undefined) ? 'access-denied' : 'unknown-at-plan';
}

/**
 * How a message names an unsettled field: "not readable (CALL failed)" for a live value whose call failed,
 * "unknown until apply" for a plan's; with the placeholder evidence shows for it. A live value is never
 * described as a plan-time unknown: one the answer left out is "not stated in the live answer".
 */
export function unsettledWords<E extends Entity>(
  entity: E,
  ...fields: AnyFieldOf<E>[]
): { words: string; observed: string } {
  const call = fields.map((f) => entity.meta.unreadable?.[f]).find((c) => c !== undefined);
  if (call !== undefined) return { words: `not readable (${call} failed)`, observed: '(not readable)' };
  if (entity.meta.source === 'aws') return { words: 'not stated in the live answer', observed: '(not stated)' };
  return { words: 'unknown until apply', observed: '(known after apply)' };
}

/** The strongest of several reasons for one result: a refused call outranks a plan-time unknown. */
export function worstReason(reasons: Reason[]): Reason {
  return reasons.includes('access-denied') ? 'access-denied' : (reasons[0] ?? 'unknown-at-plan');
}

/** The not-assessed result for a field the input does not settle, naming the call or the plan state. */
export function unsettled(resource: ResourceRef, v: Unsettled, init: ResultInit): RuleResult {
  return notAssessed(resource, reasonFor(v), init);
}

function normalizeObserved(v: unknown): unknown {
  return v === undefined ? null : v;
}

interface ResultInit {
  message: string;
  evidence?: Evidence[];
  key?: string;
  severity?: Severity;
}

export function pass(resource: ResourceRef, init: ResultInit): RuleResult {
  return {
    status: 'pass',
    resource,
    message: init.message,
    evidence: init.evidence ?? [],
    ...(init.key ? { key: init.key } : {}),
    ...(init.severity ? { severity: init.severity } : {}),
  };
}

export function fail(resource: ResourceRef, init: ResultInit): RuleResult {
  return {
    status: 'fail',
    resource,
    message: init.message,
    evidence: init.evidence ?? [],
    ...(init.key ? { key: init.key } : {}),
    ...(init.severity ? { severity: init.severity } : {}),
  };
}

export function notAssessed(resource: ResourceRef, reason: Reason, init: ResultInit): RuleResult {
  return {
    status: 'not-assessed',
    reason,
    resource,
    message: init.message,
    evidence: init.evidence ?? [],
    ...(init.key ? { key: init.key } : {}),
    ...(init.severity ? { severity: init.severity } : {}),
  };
}
