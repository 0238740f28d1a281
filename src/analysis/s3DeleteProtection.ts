/**
 * Whether a bucket policy explicitly denies object deletion to everyone. A Deny counts when it covers
 * the action (directly, `s3:Delete*`, `s3:*`, `*` or through NotAction), applies to every principal,
 * names the bucket's objects, and carries no condition (a condition or a NotPrincipal is a carve-out:
 * someone can still delete).
 */
import { statementCoversAction, wildcardMatch, principalIsWildcard, UNKNOWN_VALUE } from '../policy/analysis.js';
import type { PolicyDocument, PolicyStatement } from '../policy/policyDocument.js';

export const DELETE_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion'] as const;

/**
 * How a policy rebuilt at plan time shows a value created by the same plan (the plan adapters'
 * placeholder): for a Resource it may be the bucket ARN or its objects, which the plan does not tell.
 */

export interface DeleteDenial {
  /** Actions denied to everyone without conditions. */
  denied: string[];
  /** Actions a Deny would cover if its Resource, unknown until apply, names the objects. */
  deniedIfResourceNamesObjects: string[];
  /** Deny statements that cover a delete action but only for some callers or requests. */
  partial: Array<{ label: string; why: string }>;
}

function coversObjects(stmt: PolicyStatement, bucketName: string | undefined): boolean | 'unknown' {
  const sample = `arn:aws:s3:::${bucketName ?? 'bucket'}/any-object`;
  if (stmt.notResource) return !stmt.notResource.some((r) => wildcardMatch(r, sample));
  const resources = stmt.resource ?? [];
  // A bucket name unknown at plan time: every object-level pattern is taken to name this bucket.
  if (resources.some((r) => (bucketName ? wildcardMatch(r, sample) : r === '*' || r.endsWith('*')))) return true;
  return resources.includes(UNKNOWN_VALUE) ? 'unknown' : false;
}

export function deleteDenial(doc: PolicyDocument, bucketName: string | undefined): DeleteDenial {
  const denied = new Set<string>();
  const deniedIfKnown = new Set<string>();
  const partial: DeleteDenial['partial'] = [];
  doc.statements.forEach((s, i) => {
    if (s.effect !== 'Deny') return;
    const actions = DELETE_ACTIONS.filter((a) => statementCoversAction(s, a));
    const covers = actions.length ? coversObjects(s, bucketName) : false;
    if (!covers) return;
    const label = s.sid ? `statement "${s.sid}"` : `statement ${i}`;
    if (s.notPrincipal) partial.push({ label, why: 'exempts the principals in NotPrincipal' });
    else if (!principalIsWildcard(s.principal)) partial.push({ label, why: 'applies only to the named principals' });
    else if (Object.keys(s.condition).length > 0)
      partial.push({ label, why: `applies only when its condition holds (${Object.keys(s.condition).join(', ')})` });
    else for (const a of actions) (covers === true ? denied : deniedIfKnown).add(a);
  });
  return {
    denied: DELETE_ACTIONS.filter((a) => denied.has(a)),
    deniedIfResourceNamesObjects: DELETE_ACTIONS.filter((a) => deniedIfKnown.has(a) && !denied.has(a)),
    partial,
  };
}
