/**
 * One view of every policy-carrying field (key, endpoint, bucket, trust, identity policies): the
 * documented default when none was given, a parsed document, or a ready-made reason why the rule
 * cannot judge it (unknown until apply, unreadable live, malformed). Rules switch over it instead of
 * re-deriving the ladder, so the same policy gets the same answer from every rule.
 */
import type { Reason } from '../engine/types.js';
import type { PolicyDocument, PolicyValue } from '../model/policy.js';
import type { Entity } from '../model/types.js';
import { type FieldOf, REDACTED, sensitiveField, fieldValue } from '../model/values.js';

/**
 * A parsed document with parts unknown until apply (a condition value, a principal): only a plan has
 * those, since a live answer is always a complete document.
 */
export const PART_UNKNOWN: Reason = 'unknown-at-plan';

export type PolicyVerdict =
  | { state: 'default'; origin: string }
  | { state: 'known'; doc: PolicyDocument; bytes: number; origin: string; rebuilt: boolean }
  | { state: 'unsettled'; reason: Reason; message: string; observed: string; origin: string };

/** The fields of an entity that hold one policy. */
export type PolicyField<E> = {
  [F in FieldOf<E>]: E[F] extends PolicyValue | undefined ? F : never;
}[FieldOf<E>];

/**
 * The verdict on one policy value. `subject` names it in messages ("Key policy"); a sensitive policy's
 * parse error is not quoted, because the parser's message repeats part of the text.
 */
export function verdictOf(p: PolicyValue | undefined, subject: string, sensitive: boolean, at: string): PolicyVerdict {
  if (!p || p.state === 'absent') return { state: 'default', origin: p?.origin ?? at };
  switch (p.state) {
    case 'known':
      return { state: 'known', doc: p.doc, bytes: p.bytes, origin: p.origin, rebuilt: p.rebuilt === true };
    case 'unknown':
      return {
        state: 'unsettled',
        reason: 'unknown-at-plan',
        message: p.what,
        observed: '(known after apply)',
        origin: p.origin,
      };
    case 'unreadable':
      return {
        state: 'unsettled',
        reason: 'access-denied',
        message: p.what,
        observed: '(not readable)',
        origin: p.origin,
      };
    case 'malformed':
      return {
        state: 'unsettled',
        reason: 'needs-review',
        message: `${subject} cannot be read: ${sensitive ? `not a valid policy ${REDACTED}` : p.error}`,
        observed: '(malformed)',
        origin: p.origin,
      };
  }
}

/**
 * The verdict on a policy field of an entity, facing the field's own state first. `required` marks a
 * policy the resource cannot exist without (a role's trust policy): there, no value is no evidence,
 * never a default.
 */
export function policyVerdict<E extends Entity>(
  entity: E,
  field: PolicyField<E>,
  subject: string,
  required = false,
): PolicyVerdict {
  const v = fieldValue(entity, field);
  if (v.state === 'unreadable')
    return {
      state: 'unsettled',
      reason: 'access-denied',
      message: `${subject} could not be read: ${v.call} failed`,
      observed: '(not readable)',
      origin: v.origin,
    };
  const value = entity[field] as PolicyValue | undefined;
  if (v.state === 'unknown' && (!value || value.state === 'absent'))
    return {
      state: 'unsettled',
      reason: 'unknown-at-plan',
      message: `${subject} is unknown until apply (${v.origin})`,
      observed: '(known after apply)',
      origin: v.origin,
    };
  if (required && (!value || value.state === 'absent'))
    return {
      state: 'unsettled',
      reason: 'needs-review',
      message: `${subject} is not in the input`,
      observed: '(not in the input)',
      origin: v.origin,
    };
  return verdictOf(value, subject, sensitiveField(entity.meta, field), v.origin);
}
