/**
 * A normalized policy written back in IAM's JSON shape. Used to size a policy that was rebuilt from
 * `aws_iam_policy_document` blocks: the provider renders that document's `json` indented by two
 * spaces, single values as strings, and that string is what KMS or IAM receives and counts.
 */
import type { PolicyDocument, PolicyStatement, PrincipalSpec } from './policyDocument.js';

type JsonOut = string | string[] | Record<string, unknown>;

function one(list: readonly string[]): string | readonly string[] {
  return list.length === 1 ? list[0] : list;
}

function principal(p: PrincipalSpec): JsonOut {
  if (p === '*') return '*';
  return Object.fromEntries(Object.entries(p).map(([k, ids]) => [k, one(ids)]));
}

function statement(s: PolicyStatement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.sid) out.Sid = s.sid;
  out.Effect = s.effect;
  if (s.principal) out.Principal = principal(s.principal);
  if (s.notPrincipal) out.NotPrincipal = principal(s.notPrincipal);
  if (s.action) out.Action = one(s.action);
  if (s.notAction) out.NotAction = one(s.notAction);
  if (s.resource) out.Resource = one(s.resource);
  if (s.notResource) out.NotResource = one(s.notResource);
  if (Object.keys(s.condition).length) {
    out.Condition = Object.fromEntries(
      Object.entries(s.condition).map(([op, keys]) => [
        op,
        Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, one(v)])),
      ]),
    );
  }
  return out;
}

export function renderPolicy(doc: PolicyDocument, indent = 2): string {
  return JSON.stringify(
    { Version: doc.version ?? '2012-10-17', Statement: doc.statements.map(statement) },
    null,
    indent,
  );
}
