/**
 * What rules share: how to name the resource a result is about, how to quote evidence (redacted
 * when sensitive), and the scopes absences are reported against.
 */
import type { Inventory } from '../model/inventory.js';
import { isSensitive, originOf } from '../model/inventory.js';
import type { Entity } from '../model/types.js';
import type { Evidence, Reason, ResourceRef, RuleResult, Severity } from './types.js';

export const REDACTED = '(sensitive)';

export function resourceOf(entity: Entity): ResourceRef {
  const r: ResourceRef = { address: entity.meta.address, type: entity.meta.type };
  if (entity.meta.region) r.region = entity.meta.region;
  if (entity.meta.account) r.account = entity.meta.account;
  if (entity.meta.input) r.input = entity.meta.input;
  return r;
}

/** `account/<id>` or `account/<id>/region/<region>`; `unknown` where the input does not tell the account. */
export function scopeResource(inventory: Inventory, region?: string): ResourceRef {
  const account = inventory.accounts[0] ?? 'unknown';
  if (region)
    return {
      address: `account/${account}/region/${region}`,
      type: 'aws_account_region',
      region,
      ...(account !== 'unknown' ? { account } : {}),
    };
  return { address: `account/${account}`, type: 'aws_account', ...(account !== 'unknown' ? { account } : {}) };
}

/** Evidence about a model field of an entity: the source is derived from the entity's provenance. */
export function evidence(
  entity: Entity,
  field: string,
  observed: unknown,
  expected: string,
  source?: string,
): Evidence {
  return {
    path: field,
    observed: isSensitive(entity, field) ? REDACTED : normalizeObserved(observed),
    expected,
    source: source ?? originOf(entity, field),
  };
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
