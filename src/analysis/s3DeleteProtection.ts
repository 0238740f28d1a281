/**
 * Whether a bucket policy explicitly denies object deletion to everyone. A Deny counts when it covers
 * the action (directly, `s3:Delete*`, `s3:*`, `*` or through NotAction), applies to every principal,
 * names the bucket's objects, and carries no condition (a condition or a NotPrincipal is a carve-out:
 * someone can still delete).
 */
import { statementCoversAction, wildcardMatch, principalIsWildcard } from '../policy/analysis.js';
import type { PolicyDocument, PolicyStatement } from '../policy/policyDocument.js';

export const DELETE_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion'] as const;

export interface DeleteDenial {
  /** Actions denied to everyone without conditions. */
  denied: string[];
  /** Deny statements that cover a delete action but only for some callers or requests. */
  partial: Array<{ label: string; why: string }>;
}

function coversObjects(stmt: PolicyStatement, bucketName: string | undefined): boolean {
  const sample = `arn:aws:s3:::${bucketName ?? 'bucket'}/any-object`;
  if (stmt.notResource) return !stmt.notResource.some((r) => wildcardMatch(r, sample));
  // A bucket name unknown at plan time: any object-level pattern is taken to name this bucket.
  return (stmt.resource ?? []).some((r) => (bucketName ? wildcardMatch(r, sample) : r === '*' || r.endsWith('*')));
}

export function deleteDenial(doc: PolicyDocument, bucketName: string | undefined): DeleteDenial {
  const denied = new Set<string>();
  const partial: DeleteDenial['partial'] = [];
  doc.statements.forEach((s, i) => {
    if (s.effect !== 'Deny') return;
    const actions = DELETE_ACTIONS.filter((a) => statementCoversAction(s, a));
    if (actions.length === 0 || !coversObjects(s, bucketName)) return;
    const label = s.sid ? `statement "${s.sid}"` : `statement ${i}`;
    if (s.notPrincipal) partial.push({ label, why: 'exempts the principals in NotPrincipal' });
    else if (!principalIsWildcard(s.principal)) partial.push({ label, why: 'applies only to the named principals' });
    else if (Object.keys(s.condition).length > 0) partial.push({ label, why: `applies only when its condition holds (${Object.keys(s.condition).join(', ')})` });
    else for (const a of actions) denied.add(a);
  });
  return { denied: DELETE_ACTIONS.filter((a) => denied.has(a)), partial };
}
