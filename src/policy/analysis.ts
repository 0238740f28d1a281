/**
 * Semantic questions about normalized policies: does a statement's principal admit anyone, does an
 * action pattern cover an action, which actions does a statement grant. IAM action matching is
 * case-insensitive with `*` and `?` wildcards; NotAction grants everything it does not name.
 */
import type { PolicyStatement, PrincipalSpec } from './policyDocument.js';

const patternCache = new Map<string, RegExp>();

/** IAM wildcard match (case-insensitive, `*` any run, `?` one character). */
export function wildcardMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    patternCache.set(pattern, re);
  }
  return re.test(value);
}

/** Whether the statement's action part covers `action` (through Action wildcards or NotAction). */
export function statementCoversAction(stmt: PolicyStatement, action: string): boolean {
  if (stmt.action) return stmt.action.some((p) => wildcardMatch(p, action));
  if (stmt.notAction) return !stmt.notAction.some((p) => wildcardMatch(p, action));
  return false;
}

/** Whether a principal spec admits any caller: `"*"`, `{"AWS": "*"}` or a list holding `*`. */
export function principalIsWildcard(p: PrincipalSpec | undefined): boolean {
  if (p === undefined) return false;
  if (p === '*') return true;
  return Object.entries(p).some(([kind, ids]) => (kind === 'AWS' || kind === '*') && ids.includes('*'));
}

/** A statement that applies to every principal: wildcard Principal, or any NotPrincipal. */
export function statementAdmitsAnyone(stmt: PolicyStatement): boolean {
  return principalIsWildcard(stmt.principal) || stmt.notPrincipal !== undefined || (stmt.principal === undefined && stmt.notPrincipal === undefined);
}

export function resourcesAreWildcard(stmt: PolicyStatement): boolean {
  if (stmt.notResource) return true;
  return (stmt.resource ?? ['*']).some((r) => r === '*');
}

export function hasConditions(stmt: PolicyStatement): boolean {
  return Object.keys(stmt.condition).length > 0;
}

/** Allow of every action on every resource to every principal, unconditioned: AWS's default endpoint policy. */
export function isFullAccessStatement(stmt: PolicyStatement): boolean {
  if (stmt.effect !== 'Allow' || hasConditions(stmt)) return false;
  const allActions = stmt.action ? stmt.action.some((a) => a === '*' || a === '*:*') : (stmt.notAction?.length ?? 0) > 0;
  return allActions && statementAdmitsAnyone(stmt) && resourcesAreWildcard(stmt);
}
